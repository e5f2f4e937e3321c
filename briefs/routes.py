"""The route brief: every state on a delivery route, in order, and what the route as a whole
must respect: the longest decision times (and where they are not known), the conflicts and
requirements declared as rules in the schema, entries missing or stale, the union of the
request checklists, and the legal basis of each leg (legal.basis). It reads the profile
schema, never field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import pgettext_lazy

from countries import schema
from countries.models import Contact, ContactRole, Country, Profile, in_role_order, stale
from countries.zones import LocalTime
from handbook.fragments import content_key
from legal.basis import Leg, Standings, legs

HERE = "briefs.routes"
ORIGIN, TRANSIT, DESTINATION = "origin", "transit", "destination"
# A state's place on the route, as a tag beside its name.
ROLE_LABELS = {
    ORIGIN: pgettext_lazy("place on the route", "Origin"),
    TRANSIT: pgettext_lazy("place on the route", "Transit"),
    DESTINATION: pgettext_lazy("place on the route", "Destination"),
}
# The competent authority that matters depends on the state's place on the route.
AUTHORITY_FOR_ROLE = {
    ORIGIN: schema.name("authority_outgoing", where=HERE),
    TRANSIT: schema.name("authority_transit", where=HERE),
    DESTINATION: schema.name("authority_incoming", where=HERE),
}
# ... and the contact point that is that authority, shown with its number.
AUTHORITY_CONTACT_FOR_ROLE = {
    ORIGIN: schema.name("authority_outgoing_contact", where=HERE),
    TRANSIT: schema.name("authority_transit_contact", where=HERE),
    DESTINATION: schema.name("authority_incoming_contact", where=HERE),
}
# What an officer needs for each state, in the order of the brief.
BRIEF_QUESTIONS = tuple(
    schema.name(key, where=HERE)
    for key in (
        "cd_contact",
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
        "qualifying_offences",
        "substances",
        "nps_controlled",
        "quantity_threshold",
        "refusal_grounds",
        "market_never",
        "host_intervention",
        "third_state_legs",
    )
)
DECISION_TIMES = (
    schema.name("decision_time_normal", where=HERE),
    schema.name("decision_time_urgent", where=HERE),
)
# The call sheet: is an urgent oral request taken, by whom, and when must it follow in writing.
URGENT_ORAL = schema.name("urgent_oral", where=HERE)
URGENT_TO_WHOM = schema.name("urgent_to_whom", where=HERE)
ORAL_CONFIRMATION = schema.name("oral_confirmation", where=HERE)
REQUEST_CONTENT = schema.name("request_content", where=HERE)
LANGUAGES = schema.name("languages", where=HERE)
BRIEF_CONTACT_ROLES = (ContactRole.POLICE_24_7, ContactRole.JUDICIAL)


@dataclass
class Stop:
    country: Country
    role: str
    contacts: list[Contact]

    @cached_property
    def rows(self) -> list[tuple[schema.Question, schema.Answer]]:
        """The brief's questions for this state's place on the route, with its answers."""
        questions = [
            AUTHORITY_FOR_ROLE[self.role].question,
            AUTHORITY_CONTACT_FOR_ROLE[self.role].question,
            *(n.question for n in BRIEF_QUESTIONS),
        ]
        profile = self.profile
        return [(q, q.answer(profile) if profile else schema.NOT_KNOWN) for q in questions]

    @property
    def profile(self) -> Profile | None:
        return self.country.profile_or_none

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])

    @property
    def no_entry(self) -> bool:
        return self.profile is None

    @property
    def stale(self) -> bool:
        """Not confirmed for 12 months; a state with no entry yet is not stale, it is missing."""
        return self.profile is not None and self.profile.is_stale

    @property
    def confirmed_at(self) -> datetime | None:
        return self.profile.confirmed_at if self.profile is not None else None

    @property
    def state(self) -> schema.RouteState:
        return schema.RouteState(self.country.name, self.profile)


@dataclass
class LongestTime:
    """The longest known answer to a duration question, and the states where it is not known."""

    question: schema.Question
    longest: tuple[timedelta, Country] | None
    unknown: list[Country]


@dataclass
class CallRow:
    """One state of the call sheet: whom to call now and what they will accept."""

    stop: Stop
    number: Contact | None  # the 24/7 number, operational police first
    local_time: LocalTime | None
    authority: schema.Answer
    urgent: schema.Answer
    urgent_to_whom: schema.Answer
    confirmation: schema.Answer


def _call_row(stop: Stop) -> CallRow:
    profile = stop.profile

    def answer(name: schema.Name) -> schema.Answer:
        return name.question.answer(profile) if profile is not None else schema.NOT_KNOWN

    on_call = [c for c in in_role_order(stop.country.contacts.all()) if c.available_24_7]
    return CallRow(
        stop=stop,
        number=next((c for c in on_call if c.phone), None),
        local_time=stop.country.local_time,
        authority=answer(AUTHORITY_FOR_ROLE[stop.role]),
        urgent=answer(URGENT_ORAL),
        urgent_to_whom=answer(URGENT_TO_WHOM),
        confirmation=answer(ORAL_CONFIRMATION),
    )


@dataclass
class ChecklistItem:
    label: str
    states: list[Country] = field(default_factory=list)


class RouteBrief:
    """`countries` in route order, and the requesting state (whose languages the requests are
    written in), as `Country.objects.digested("contacts")` finds them.

    The brief is keyed (`key`) by those rows, the database's digests of their entries and
    contact points, and the legal records of every leg, so that a page whose brief is already
    rendered (handbook/fragments.py) neither loads the entries and contacts nor works anything
    out: they are loaded when the brief is first read (`stops`), and what it derives is worked
    out when first asked for."""

    def __init__(self, countries: list[Country], *, requesting: Country | None = None):
        self.countries = countries
        self.requesting = requesting
        self.standings = Standings(countries)

    @property
    def _everyone(self) -> list[Country]:
        """The states on the route, then the requesting state."""
        return [*self.countries, *([self.requesting] if self.requesting else [])]

    def key(self, **also) -> str:
        """The key of a part showing this brief, and `also`."""
        states = self._everyone
        return content_key(
            *states,
            *self.standings.rows,
            entries=[c.profile_digest for c in states],
            contacts=[c.contacts_digest for c in states],
            stale=[stale(c.profile_confirmed_at) for c in states],
            **also,
        )

    @cached_property
    def _loaded(self) -> list[Country]:
        """`countries` with their entries and the contact points the brief shows
        (`shown_contacts`), and the requesting state's: loaded when the brief is first read."""
        states = self._everyone
        prefetch_related_objects(states, "profile")
        prefetch_related_objects(states, Prefetch("contacts", queryset=shown_contacts(states)))
        return self.countries

    @cached_property
    def stops(self) -> list[Stop]:
        roles = roles_for(len(self.countries))
        return [
            Stop(country, role, _contacts(country))
            for country, role in zip(self._loaded, roles, strict=True)
        ]

    @cached_property
    def call_sheet(self) -> list[CallRow]:
        return [_call_row(stop) for stop in self.stops]

    @cached_property
    def decision_times(self) -> list[LongestTime]:
        return [_longest(self._loaded, n.question) for n in DECISION_TIMES]

    @cached_property
    def _states(self) -> tuple[list[schema.RouteState], schema.RouteState | None]:
        stops, asking = self.stops, self.requesting  # the stops load the requesting entry too
        return [stop.state for stop in stops], (
            schema.RouteState(asking.name, asking.profile_or_none) if asking else None
        )

    @cached_property
    def conflicts(self) -> list[schema.Finding]:
        return [f for rule in schema.ROUTE_CONFLICTS for f in rule.find(*self._states)]

    @cached_property
    def requirements(self) -> list[schema.Finding]:
        return [f for rule in schema.ROUTE_REQUIREMENTS for f in rule.find(*self._states)]

    @cached_property
    def _checklist(self) -> tuple[list[ChecklistItem], list[tuple[Country, str]]]:
        return _checklist(self._loaded)

    @property
    def checklist(self) -> list[ChecklistItem]:
        return self._checklist[0]

    @property
    def checklist_details(self) -> list[tuple[Country, str]]:
        return self._checklist[1]

    @cached_property
    def legs(self) -> list[Leg]:
        """The legal basis of each pair of consecutive states (legal.basis)."""
        return legs(self.countries, standings=self.standings)

    @property
    def flagged_legs(self) -> list[Leg]:
        return [leg for leg in self.legs if leg.flagged]

    @property
    def stale_stops(self) -> list[Stop]:
        return [stop for stop in self.stops if stop.stale]

    @property
    def missing_stops(self) -> list[Stop]:
        return [stop for stop in self.stops if stop.no_entry]

    @property
    def requesting_languages(self) -> schema.Answer:
        asking = self._states[1]
        profile = asking.profile if asking is not None else None
        return LANGUAGES.question.answer(profile) if profile is not None else schema.NOT_KNOWN


def roles_for(count: int) -> list[str]:
    return [ORIGIN] + [TRANSIT] * (count - 2) + [DESTINATION]


def _longest(countries: list[Country], question: schema.Question) -> LongestTime:
    known, unknown = [], []
    for country in countries:
        profile = country.profile_or_none
        value = getattr(profile, question.key) if profile is not None else None
        if value is None:
            unknown.append(country)
        else:
            known.append((value, country))
    longest = max(known, key=lambda pair: pair[0]) if known else None
    return LongestTime(question, longest, unknown)


def _checklist(countries: list[Country]) -> tuple[list[ChecklistItem], list[tuple[Country, str]]]:
    question = REQUEST_CONTENT.question
    items = {option.value: ChecklistItem(option.label) for option in question.options}
    details = []
    for country in countries:
        profile = country.profile_or_none
        if profile is None:
            continue
        for value in getattr(profile, question.key) or []:
            items.setdefault(value, ChecklistItem(value)).states.append(country)
        condition = getattr(profile, question.condition_key)
        if condition:
            details.append((country, condition))
    return [item for item in items.values() if item.states], details


def shown_contacts(countries: list[Country]) -> QuerySet[Contact]:
    """The contact points a brief shows of these states, and no other: the 24/7 and
    authorising ones, those on call, those its answers name; all of them for a state that has
    no 24/7 or authorising contact (`_contacts`)."""
    lacking = ~Exists(
        Contact.objects.filter(country=OuterRef("country"), role__in=BRIEF_CONTACT_ROLES)
    )
    linked = schema.linked_contacts(c.profile_or_none for c in countries)
    return Contact.objects.filter(
        Q(role__in=BRIEF_CONTACT_ROLES) | Q(available_24_7=True) | Q(pk__in=linked) | lacking
    )


def _contacts(country: Country) -> list[Contact]:
    """The 24/7 and authorising contacts first; when a state has neither, whatever it has."""
    everyone = list(country.contacts.all())
    chosen = [c for c in everyone if c.role in BRIEF_CONTACT_ROLES]
    chosen.sort(key=lambda c: BRIEF_CONTACT_ROLES.index(c.role))
    return chosen or in_role_order(everyone)
