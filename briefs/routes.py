"""The route brief: every state on a delivery route, in order, and what the route as a whole
must respect (longest decision time, conflicting answers, stale entries, the union of the
request checklists). Comparison and brief read the profile schema, never field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from countries import schema
from countries.models import Contact, ContactRole, Country

ORIGIN, TRANSIT, DESTINATION = "origin", "transit", "destination"
ROLE_LABELS = {ORIGIN: "Origin", TRANSIT: "Transit", DESTINATION: "Destination"}
# The competent authority that matters depends on the state's place on the route.
AUTHORITY_FOR_ROLE = {
    ORIGIN: "authority_outgoing",
    TRANSIT: "authority_transit",
    DESTINATION: "authority_incoming",
}
# What an officer needs for each state, in the order of the brief.
BRIEF_QUESTIONS = (
    "request_channel",
    "formal_request",
    "urgent_oral",
    "oral_confirmation",
    "decision_time_normal",
    "decision_time_urgent",
    "judicial_authorisation",
    "languages",
    "substitution",
    "foreign_officers",
    "tracking_devices",
    "tracking_authorisation",
    "interception",
    "foreign_evidence",
    "custody",
)
BRIEF_CONTACT_ROLES = (ContactRole.POLICE_24_7, ContactRole.JUDICIAL)


@dataclass
class Stop:
    country: Country
    role: str
    rows: list[tuple[schema.Question, schema.Answer]]
    contacts: list[Contact]

    @property
    def profile(self):
        return self.country.profile_or_none

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def stale(self) -> bool:
        return self.profile is None or self.profile.is_stale


@dataclass
class Conflict:
    topic: str
    text: str
    states: list[Country]


@dataclass
class ChecklistItem:
    label: str
    states: list[Country] = field(default_factory=list)


@dataclass
class RouteBrief:
    stops: list[Stop]
    longest_decision: tuple[timedelta, Country] | None
    longest_urgent: tuple[timedelta, Country] | None
    conflicts: list[Conflict]
    checklist: list[ChecklistItem]
    checklist_details: list[tuple[Country, str]]

    @property
    def stale_stops(self) -> list[Stop]:
        return [stop for stop in self.stops if stop.stale]


def roles_for(count: int) -> list[str]:
    return [ORIGIN] + [TRANSIT] * (count - 2) + [DESTINATION]


def _value(country: Country, key: str):
    profile = country.profile_or_none
    return getattr(profile, key) if profile is not None else None


def _longest(countries: list[Country], key: str) -> tuple[timedelta, Country] | None:
    known = [(_value(c, key), c) for c in countries if _value(c, key) is not None]
    return max(known, key=lambda pair: pair[0]) if known else None


def _conflicts(stops: list[Stop]) -> list[Conflict]:
    found = []
    by_value: dict[str, dict[str, list[Country]]] = {}
    for stop in stops:
        for key in ("substitution", "judicial_authorisation", "urgent_oral", "formal_request"):
            by_value.setdefault(key, {}).setdefault(_value(stop.country, key) or "", []).append(
                stop.country
            )
    substitution = by_value["substitution"]
    if substitution.get("none") and substitution.get("required"):
        found.append(
            Conflict(
                "Substitution",
                "Live delivery only in {a}, but substitution required in {b}: "
                "no single consignment can satisfy both.".format(
                    a=_names(substitution["none"]), b=_names(substitution["required"])
                ),
                substitution["none"] + substitution["required"],
            )
        )
    for before, after in zip(stops, stops[1:], strict=False):
        if _value(before.country, "foreign_officers") == "armed" and _value(
            after.country, "foreign_officers"
        ) in ("no", "unarmed"):
            found.append(
                Conflict(
                    "Accompanying officers",
                    f"Foreign officers may accompany armed in {before.country.name} but not in "
                    f"{after.country.name}: plan the hand-over of weapons or of the surveillance "
                    "at that border.",
                    [before.country, after.country],
                )
            )
    judicial = by_value["judicial_authorisation"]
    if judicial.get("yes") and (judicial.get("no") or judicial.get("conditional")):
        found.append(
            Conflict(
                "Judicial authorisation",
                f"Judicial authorisation is required in {_names(judicial['yes'])}: "
                "obtain it before the consignment enters, even where the other states do not "
                "need one.",
                judicial["yes"],
            )
        )
    urgent = by_value["urgent_oral"]
    if urgent.get("no") and (urgent.get("yes") or urgent.get("conditional")):
        found.append(
            Conflict(
                "Urgent requests",
                f"{_names(urgent['no'])} accept no urgent oral request: "
                "a written request is needed there from the start.",
                urgent["no"],
            )
        )
    formal = by_value["formal_request"]
    if formal.get("before") and (formal.get("after") or formal.get("not_needed")):
        found.append(
            Conflict(
                "Formal request",
                f"A formal request is needed before the delivery in {_names(formal['before'])}.",
                formal["before"],
            )
        )
    return found


def _names(countries: list[Country]) -> str:
    names = [c.name for c in countries]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _checklist(countries: list[Country]) -> tuple[list[ChecklistItem], list[tuple[Country, str]]]:
    question = schema.QUESTIONS["request_content"]
    items = {option.value: ChecklistItem(option.label) for option in question.options}
    details = []
    for country in countries:
        for value in _value(country, "request_content") or []:
            items.setdefault(value, ChecklistItem(value)).states.append(country)
        condition = _value(country, question.condition_key)
        if condition:
            details.append((country, condition))
    return [item for item in items.values() if item.states], details


def build_route(countries: list[Country]) -> RouteBrief:
    """`countries` in route order, each with `profile` and `contacts` already loaded."""
    stops = []
    for country, role in zip(countries, roles_for(len(countries)), strict=True):
        profile = country.profile_or_none
        keys = (AUTHORITY_FOR_ROLE[role], *BRIEF_QUESTIONS)
        rows = [
            (q, q.answer(profile) if profile else schema.NOT_KNOWN)
            for q in (schema.QUESTIONS[key] for key in keys)
        ]
        contacts = [c for c in country.contacts.all() if c.role in BRIEF_CONTACT_ROLES]
        contacts.sort(key=lambda c: BRIEF_CONTACT_ROLES.index(c.role))
        stops.append(Stop(country, role, rows, contacts))
    checklist, details = _checklist(countries)
    return RouteBrief(
        stops=stops,
        longest_decision=_longest(countries, "decision_time_normal"),
        longest_urgent=_longest(countries, "decision_time_urgent"),
        conflicts=_conflicts(stops),
        checklist=checklist,
        checklist_details=details,
    )


# Comparison --------------------------------------------------------------------------------
@dataclass
class MatrixRow:
    question: schema.Question
    answers: list[schema.Answer]

    @property
    def differs(self) -> bool:
        return len({(a.text, a.condition) for a in self.answers}) > 1


@dataclass
class MatrixSection:
    section: schema.Section
    rows: list[MatrixRow]


def build_matrix(countries: list[Country], sections: list[schema.Section]) -> list[MatrixSection]:
    matrix = []
    for section in sections:
        rows = []
        for question in section.questions:
            answers = [
                question.answer(c.profile) if c.profile_or_none else schema.NOT_KNOWN
                for c in countries
            ]
            rows.append(MatrixRow(question, answers))
        matrix.append(MatrixSection(section, rows))
    return matrix
