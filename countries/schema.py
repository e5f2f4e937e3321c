"""The profile schema: one declaration of every question a country profile answers.

It drives the model's columns, the edit forms, the profile page, the history diff, and (later)
the comparison, the route brief and the PDF. Add a question here and everything follows.

Unknown is never "no": a choice left empty, a list with nothing ticked, a duration or a text
left blank are all shown as "Not known".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.conf.global_settings import LANGUAGES
from django.db import models

# Tones give every structured answer a consistent badge.
YES, NO, CONDITIONAL, UNKNOWN, INFO = "yes", "no", "conditional", "unknown", "info"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    tone: str = INFO


YES_NO = (
    Option("yes", "Yes", YES),
    Option("no", "No", NO),
    Option("conditional", "Conditional", CONDITIONAL),
)

AUTHORITIES = (
    Option("police", "Police"),
    Option("customs", "Customs"),
    Option("prosecutor", "Public prosecutor"),
    Option("investigating_judge", "Investigating judge"),
    Option("court", "Court"),
    Option("ministry", "Ministry"),
)

# Official EU and Council of Europe working languages and the languages of the participating
# states: Django's list is the well-kept source of names.
LANGUAGE_CHOICES = [(code, name) for code, name in LANGUAGES if "-" not in code]
LANGUAGE_OPTIONS = tuple(Option(code, name) for code, name in LANGUAGE_CHOICES)


@dataclass(frozen=True)
class Answer:
    """What one question says for one profile, ready for any page, PDF or comparison."""

    text: str
    tone: str
    condition: str = ""
    link: str = ""

    @property
    def known(self) -> bool:
        return self.tone != UNKNOWN


NOT_KNOWN = Answer("Not known", UNKNOWN)


@dataclass(frozen=True)
class Question:
    """One question. `kind` is choice, multi, duration, text or url."""

    key: str
    label: str
    kind: str
    options: tuple[Option, ...] = ()
    condition: bool = False  # a short text beside the answer: conditions, alternatives, limits
    help: str = ""

    @property
    def condition_key(self) -> str:
        return f"{self.key}_condition"

    @property
    def columns(self) -> list[str]:
        return [self.key, self.condition_key] if self.condition else [self.key]

    # model ---------------------------------------------------------------------------------
    def model_fields(self) -> dict[str, models.Field]:
        if self.kind == "choice":
            base = models.CharField(
                self.label,
                max_length=30,
                blank=True,
                default="",
                choices=[(o.value, o.label) for o in self.options],
            )
        elif self.kind == "multi":
            base = models.JSONField(self.label, null=True, blank=True)
        elif self.kind == "duration":
            base = models.DurationField(self.label, null=True, blank=True)
        elif self.kind == "url":
            base = models.URLField(self.label, max_length=500, blank=True, default="")
        elif self.kind == "text":
            base = models.TextField(self.label, blank=True, default="")
        else:
            raise ValueError(f"unknown question kind {self.kind!r}")
        found = {self.key: base}
        if self.condition:
            found[self.condition_key] = models.CharField(
                f"{self.label}: condition", max_length=500, blank=True, default=""
            )
        return found

    # forms ---------------------------------------------------------------------------------
    def form_fields(self) -> dict[str, forms.Field]:
        choices = [(o.value, o.label) for o in self.options]
        if self.kind == "choice":
            base = forms.ChoiceField(
                label=self.label,
                required=False,
                choices=[("", "Not known"), *choices],
                help_text=self.help,
            )
        elif self.kind == "multi":
            base = forms.MultipleChoiceField(
                label=self.label,
                required=False,
                choices=choices,
                help_text=self.help,
                widget=forms.CheckboxSelectMultiple,
            )
        elif self.kind == "duration":
            base = DurationInputField(label=self.label, required=False, help_text=self.help)
        elif self.kind == "url":
            base = forms.URLField(
                label=self.label,
                required=False,
                help_text=self.help,
                max_length=500,
                assume_scheme="https",
            )
        else:
            base = forms.CharField(
                label=self.label,
                required=False,
                help_text=self.help,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        found = {self.key: base}
        if self.condition:
            found[self.condition_key] = forms.CharField(
                label="Condition or detail",
                required=False,
                max_length=500,
            )
        return found

    # reading -------------------------------------------------------------------------------
    def answer(self, profile: Any) -> Answer:
        value = getattr(profile, self.key)
        condition = getattr(profile, self.condition_key, "") if self.condition else ""
        if value in (None, "", []):
            return Answer("Not known", UNKNOWN, condition) if condition else NOT_KNOWN
        if self.kind == "choice":
            option = self._option(value)
            return Answer(option.label, option.tone, condition)
        if self.kind == "multi":  # in the schema's order, whatever order they were saved in
            known = [o.value for o in self.options if o.value in value]
            ordered = known + [v for v in value if v not in known]
            labels = [self._option(v).label for v in ordered]
            return Answer(", ".join(labels), INFO, condition)
        if self.kind == "duration":
            return Answer(humanise_duration(value), INFO, condition)
        if self.kind == "url":
            return Answer(value, INFO, condition, link=value)
        return Answer(value, INFO, condition)

    def _option(self, value: str) -> Option:
        for option in self.options:
            if option.value == value:
                return option
        return Option(value, value)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""

    @property
    def note_key(self) -> str:
        return f"{self.key}_note"

    @property
    def columns(self) -> list[str]:
        return [c for q in self.questions for c in q.columns] + [self.note_key]


def humanise_duration(value: timedelta) -> str:
    hours = int(value.total_seconds() // 3600)
    if hours and hours % 24 == 0:
        days = hours // 24
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''}"


class DurationInputWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        widgets = [
            forms.NumberInput(
                attrs={"min": 0, "max": 9999, "class": "duration-amount", "aria-label": "Number"}
            ),
            forms.Select(
                choices=[("hours", "hours"), ("days", "days")], attrs={"aria-label": "Unit"}
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None, "hours"]
        hours = int(value.total_seconds() // 3600)
        if hours and hours % 24 == 0:
            return [hours // 24, "days"]
        return [hours, "hours"]


class DurationInputField(forms.MultiValueField):
    """A duration typed as a number of hours or days."""

    widget = DurationInputWidget

    def __init__(self, **kwargs):
        fields = [
            forms.IntegerField(min_value=0, max_value=9999),
            forms.ChoiceField(choices=[("hours", "hours"), ("days", "days")]),
        ]
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or data_list[0] in (None, ""):
            return None
        amount, unit = data_list
        return timedelta(days=amount) if unit == "days" else timedelta(hours=amount)


def q(key: str, label: str, kind: str, **kwargs) -> Question:
    return Question(key=key, label=label, kind=kind, **kwargs)


def yes_no(key: str, label: str, **kwargs) -> Question:
    return Question(key=key, label=label, kind="choice", options=YES_NO, condition=True, **kwargs)


SECTIONS: tuple[Section, ...] = (
    Section(
        "legal",
        "Legal framework",
        (
            Question(
                "cd_possible",
                "Controlled delivery possible",
                "choice",
                options=(
                    Option("yes", "Yes", YES),
                    Option("partly", "Partly", CONDITIONAL),
                    Option("no", "No", NO),
                ),
                condition=True,
                help="If not, or only partly: say which alternatives exist.",
            ),
            q("legal_basis", "National legal basis", "text", help="Statute and article."),
            q("legal_basis_url", "Official text of the law", "url"),
            q(
                "instruments",
                "International instruments applied",
                "multi",
                options=(
                    Option("un1988", "1988 UN Convention, art. 11"),
                    Option("schengen73", "Schengen Implementing Convention, art. 73"),
                    Option("eu_mla12", "2000 EU MLA Convention, art. 12"),
                    Option("naples22", "Naples II Convention, art. 22"),
                    Option("ets182", "ETS No. 182, art. 18"),
                    Option("eio", "European Investigation Order"),
                    Option("bilateral", "Bilateral agreements"),
                ),
                condition=True,
            ),
            yes_no("defined_in_law", "Controlled delivery defined in national law"),
            q(
                "variants",
                "Variants provided for",
                "multi",
                options=(
                    Option("incoming", "Incoming"),
                    Option("outgoing", "Outgoing"),
                    Option("transit", "Transit"),
                    Option("monitored", "Monitored"),
                    Option("assisted", "Assisted or infiltrated"),
                    Option("live", "Live, with the original goods"),
                    Option("partial_substitution", "Partial substitution"),
                    Option("full_substitution", "Full substitution"),
                ),
            ),
            q(
                "goods",
                "Goods covered",
                "multi",
                options=(
                    Option("drugs", "Drugs"),
                    Option("precursors", "Precursors"),
                    Option("other_goods", "Other goods"),
                    Option("persons", "Persons"),
                ),
                condition=True,
            ),
            q(
                "related_measures",
                "Related measures available",
                "multi",
                options=(
                    Option("surveillance", "Cross-border surveillance"),
                    Option("tracking", "Tracking"),
                    Option("undercover", "Undercover officers"),
                ),
            ),
            yes_no("double_criminality", "Double criminality required"),
        ),
    ),
    Section(
        "authorisation",
        "Authorisation",
        (
            q("authority_incoming", "Competent authority: incoming", "multi", options=AUTHORITIES),
            q("authority_outgoing", "Competent authority: outgoing", "multi", options=AUTHORITIES),
            q("authority_transit", "Competent authority: transit", "multi", options=AUTHORITIES),
            q(
                "authority_stage",
                "Stage at which each authority decides",
                "text",
                help="For example: national prosecutor first, then the regional one.",
            ),
            q("place_unknown_rule", "When the place of delivery is not yet known", "text"),
            yes_no("judicial_authorisation", "Judicial or independent authorisation required"),
            yes_no("ministerial_notification", "Ministerial notification required"),
            q(
                "preconditions",
                "Preconditions",
                "multi",
                options=(
                    Option("no_other_means", "No other means available"),
                    Option("continuous_access", "Continuous access to the goods"),
                    Option("consent_guarantees", "Consent and guarantees of the other states"),
                ),
                condition=True,
            ),
            q("max_duration", "Maximum duration of an authorisation", "duration"),
            q(
                "request_channel",
                "Channel for a foreign request",
                "multi",
                options=(
                    Option("mla", "Mutual legal assistance request"),
                    Option("eio", "European Investigation Order"),
                    Option("police", "Police co-operation"),
                    Option("customs", "Customs co-operation"),
                    Option("interpol", "INTERPOL"),
                ),
                condition=True,
            ),
            Question(
                "formal_request",
                "Formal request",
                "choice",
                options=(
                    Option("before", "Needed before the delivery", CONDITIONAL),
                    Option("after", "May follow after the delivery", YES),
                    Option("not_needed", "Not needed", YES),
                ),
                condition=True,
            ),
            yes_no("urgent_oral", "Urgent oral request accepted"),
            q("oral_confirmation", "Written confirmation of an oral request within", "duration"),
            q("decision_time_normal", "Time to decide: normal", "duration"),
            q("decision_time_urgent", "Time to decide: urgent", "duration"),
            q(
                "languages",
                "Languages accepted",
                "multi",
                options=LANGUAGE_OPTIONS,
                condition=True,
            ),
            q("other_language_rule", "A request in another language", "text"),
            yes_no("encryption_required", "Encryption or electronic signature required"),
            q(
                "request_content",
                "What the request must contain",
                "multi",
                options=(
                    Option("requesting_authority", "Requesting authority and contact person"),
                    Option("facts", "Summary of the facts and the offence"),
                    Option("legal_basis", "Legal basis in the requesting state"),
                    Option("consignment", "Description and quantity of the consignment"),
                    Option("route", "Route, means of transport and timing"),
                    Option("persons", "Persons and companies involved"),
                    Option("substitution", "Whether substitution is intended"),
                    Option("accompanying", "Whether officers will accompany"),
                    Option("tracking", "Technical means, e.g. tracking devices"),
                    Option("end_point", "Where and how the delivery will end"),
                ),
                condition=True,
                help="Tick every item the request must contain; add others in the detail.",
            ),
        ),
    ),
    Section(
        "operations",
        "Operational conditions",
        (
            Question(
                "substitution",
                "Substitution of the drugs",
                "choice",
                options=(
                    Option("none", "Not allowed: live delivery only", NO),
                    Option("partial", "Partial only", CONDITIONAL),
                    Option("full", "Partial or full", YES),
                    Option("required", "Required: no live delivery", CONDITIONAL),
                ),
                condition=True,
            ),
            yes_no("substitution_records_admissible", "Substitution records admissible"),
            Question(
                "interception",
                "Interception of the consignment",
                "choice",
                options=(
                    Option("any_point", "May be intercepted at any point"),
                    Option("set_point", "Must be seized at a set point"),
                    Option("case_by_case", "Decided case by case"),
                ),
                condition=True,
            ),
            q("loss_of_control", "If control of the consignment is lost", "text"),
            Question(
                "foreign_officers",
                "Foreign officers may accompany",
                "choice",
                options=(
                    Option("no", "No", NO),
                    Option("unarmed", "Yes, unarmed", CONDITIONAL),
                    Option("armed", "Yes, armed", YES),
                ),
                condition=True,
            ),
            q("foreign_officer_powers", "Powers of accompanying foreign officers", "text"),
            q("border_handover", "Hand-over of surveillance at the border", "text"),
            yes_no("tracking_devices", "Tracking devices may be used"),
            yes_no("tracking_authorisation", "Tracking needs its own authorisation"),
            q(
                "combined_techniques",
                "May be combined with",
                "multi",
                options=(
                    Option("undercover", "Undercover officers"),
                    Option("interception", "Interception of communications"),
                    Option("jit", "Joint investigation teams"),
                ),
            ),
            q("lead_on_territory", "Who leads on the territory", "multi", options=AUTHORITIES),
            q("stop_conditions", "Conditions to stop the operation", "text"),
            q("safety", "Safety of persons involved", "text"),
        ),
    ),
    Section(
        "evidence",
        "Evidence and after the operation",
        (
            yes_no("foreign_evidence", "Evidence gathered abroad admissible"),
            q("custody", "Sampling and chain of custody", "text"),
            yes_no("foreign_testimony", "Foreign officers may testify"),
            q("information_duty", "Keeping the other states informed", "text"),
            q("reporting", "Reporting obligations", "text"),
            q("costs", "Costs", "text"),
        ),
    ),
    Section(
        "safeguards",
        "Safeguards",
        (
            q("oversight", "Who oversees", "text"),
            q("proportionality", "How proportionality is assessed", "text"),
            q("data_protection", "Data protection for data exchanged", "text"),
        ),
        intro="Lawful, necessary, proportionate and under judicial oversight.",
    ),
    Section(
        "practical",
        "Practical notes",
        (
            q("pitfalls", "Pitfalls seen in past operations", "text"),
            q("tips", "Tips", "text"),
            q("statistics", "Statistics", "text", help="For example: deliveries per year."),
            q("guides", "National guides", "text"),
        ),
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
QUESTIONS = {question.key: question for section in SECTIONS for question in section.questions}
CONTENT_COLUMNS = [column for section in SECTIONS for column in section.columns]


def model_fields() -> dict[str, models.Field]:
    """Every column the schema needs on the profile model, in schema order."""
    found: dict[str, models.Field] = {}
    for section in SECTIONS:
        for question in section.questions:
            found.update(question.model_fields())
        found[section.note_key] = models.TextField(f"{section.title}: note", blank=True)
    return found
