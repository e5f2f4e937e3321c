"""The profile schema: one declaration of every question a country profile answers.

It drives the model's columns, the edit forms, the profile page, the history diff, the search
text, the comparison, the route brief and the PDF. Add a question here and everything follows.
Each question has a kind (a class below) that gives its column, form field, display, search
text and what it accepts.

Unknown is never "no": a choice left empty, a list with nothing ticked, a duration or a text
left blank are all shown as "Not known".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations, pairwise
from typing import Any

from django import forms
from django.conf.global_settings import LANGUAGES
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
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

# The official languages of the participating states (ISO 639-1), English and French first
# among equals as the Council of Europe's own. Names come from Django's list, the well-kept
# source, except Maltese, which it lacks. About 50 languages instead of Django's 100 or so.
PARTICIPATING_LANGUAGES = (
    "ar", "az", "be", "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu",
    "fi", "fr", "ga", "gl", "he", "hr", "hu", "hy", "is", "it", "ka", "kk", "ky", "lb", "lt",
    "lv", "mk", "mn", "mt", "nb", "nl", "nn", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr",
    "sv", "tg", "tk", "tr", "uk", "uz",
)  # fmt: skip
_LANGUAGE_NAMES = {**dict(LANGUAGES), "mt": "Maltese"}
LANGUAGE_CHOICES = sorted(
    ((code, _LANGUAGE_NAMES[code]) for code in PARTICIPATING_LANGUAGES), key=lambda c: c[1]
)
LANGUAGE_OPTIONS = tuple(Option(code, name) for code, name in LANGUAGE_CHOICES)


@dataclass(frozen=True)
class Answer:
    """What one question says for one profile, ready for any page, PDF or comparison."""

    text: str
    tone: str
    condition: str = ""
    link: str = ""
    phone: str = ""  # a linked contact point's number (E.164), for a tel: link
    phone_display: str = ""

    @property
    def known(self) -> bool:
        return self.tone != UNKNOWN


NOT_KNOWN = Answer("Not known", UNKNOWN)


class InvalidAnswer(ValueError):
    """A value that the question's kind does not accept (e.g. an option the schema lacks)."""


class Kind(ABC):
    """What a kind of question does: its column, its form field, its display, its search text
    and what it accepts. One instance per kind; questions share them."""

    name: str = ""
    multiple = False  # several values at once (a list)
    filterable = False  # offered as a search filter, one option at a time
    search_weight = "B"  # structured answers weigh more in search than free text

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def is_empty(self, value: Any) -> bool:
        return value in (None, "", [])

    def value(self, question: Question, record: Any) -> Any:
        """What `record` answers, as `display` reads it (by default, the stored value)."""
        return getattr(record, question.key)

    @abstractmethod
    def model_field(self, question: Question) -> models.Field: ...

    @abstractmethod
    def form_field(self, question: Question) -> forms.Field: ...

    def display(self, question: Question, value: Any, condition: str) -> Answer:
        """The answer for a value that is not empty."""
        return Answer(str(value), INFO, condition)

    def search_text(self, question: Question, value: Any) -> str:
        return "" if self.is_empty(value) else self.display(question, value, "").text

    def validate(self, question: Question, value: Any) -> None:
        """Raise InvalidAnswer unless `value` may be stored for `question`; by default, as
        for free text, every value may."""
        return None

    @abstractmethod
    def example(self, question: Question) -> Any:
        """A valid, non-empty answer (for benchmarks and tests)."""


class ChoiceKind(Kind):
    name = "choice"
    filterable = True

    def model_field(self, question):
        return models.CharField(
            question.label,
            max_length=30,
            blank=True,
            default="",
            choices=[(o.value, o.label) for o in question.options],
        )

    def form_field(self, question):
        return forms.ChoiceField(
            label=question.label,
            required=False,
            choices=[("", "Not known"), *((o.value, o.label) for o in question.options)],
            help_text=question.help,
        )

    def display(self, question, value, condition):
        option = question.option(value)
        return Answer(option.label, option.tone, condition)

    def validate(self, question, value):
        if value != "" and value not in question.option_values:
            raise InvalidAnswer(f"{question.key}: {value!r} is not one of its options")

    def example(self, question):
        return question.options[0].value


class MultiKind(Kind):
    name = "multi"
    multiple = True

    def model_field(self, question):
        return models.JSONField(question.label, null=True, blank=True)

    def form_field(self, question):
        return forms.MultipleChoiceField(
            label=question.label,
            required=False,
            choices=[(o.value, o.label) for o in question.options],
            help_text=question.help,
            widget=forms.CheckboxSelectMultiple,
        )

    def display(self, question, value, condition):
        # In the schema's order, whatever order they were saved in.
        known = [o.value for o in question.options if o.value in value]
        ordered = known + [v for v in value if v not in known]
        labels = [question.option(v).label for v in ordered]
        return Answer(", ".join(labels), INFO, condition)

    def validate(self, question, value):
        if value is None:
            return
        if not isinstance(value, list | tuple):
            raise InvalidAnswer(f"{question.key}: a list of options, not {value!r}")
        wrong = [v for v in value if v not in question.option_values]
        if wrong:
            raise InvalidAnswer(f"{question.key}: {wrong!r} are not among its options")

    def example(self, question):
        return [o.value for o in question.options[:2]]


class DurationKind(Kind):
    name = "duration"

    def model_field(self, question):
        return models.DurationField(question.label, null=True, blank=True)

    def form_field(self, question):
        return DurationInputField(label=question.label, required=False, help_text=question.help)

    def display(self, question, value, condition):
        return Answer(humanise_duration(value), INFO, condition)

    def validate(self, question, value):
        if value is not None and (not isinstance(value, timedelta) or value < timedelta(0)):
            raise InvalidAnswer(f"{question.key}: a positive duration, not {value!r}")

    def example(self, question):
        return timedelta(hours=24)


class TextKind(Kind):
    name = "text"
    search_weight = "C"

    def model_field(self, question):
        return models.TextField(question.label, blank=True, default="")

    def form_field(self, question):
        return forms.CharField(
            label=question.label,
            required=False,
            help_text=question.help,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def validate(self, question, value):
        if not isinstance(value, str):
            raise InvalidAnswer(f"{question.key}: a text, not {value!r}")

    def example(self, question):
        return f"Example answer to: {question.label}."


class LinkKind(TextKind):
    name = "url"
    max_length = 500

    def model_field(self, question):
        return models.URLField(question.label, max_length=self.max_length, blank=True, default="")

    def form_field(self, question):
        return forms.URLField(
            label=question.label,
            required=False,
            help_text=question.help,
            max_length=self.max_length,
            assume_scheme="https",
        )

    def display(self, question, value, condition):
        return Answer(value, INFO, condition, link=value)

    def validate(self, question, value):
        super().validate(question, value)
        if value == "":
            return
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise InvalidAnswer(f"{question.key}: not an http(s) address") from None
        if len(value) > self.max_length:
            raise InvalidAnswer(f"{question.key}: longer than {self.max_length} characters")

    def example(self, question):
        return f"https://legislation.example.org/{question.key}"


class ContactKind(Kind):
    """The contact point of the same state that an answer names (e.g. the authority that
    authorises): stored as that contact's id, shown as the contact with its number. A contact
    removed since reads as not known, never as another state's or a guessed one."""

    name = "contact"
    search_weight = "B"

    def model_field(self, question):
        return models.PositiveIntegerField(
            question.label,
            null=True,
            blank=True,
            help_text="The id of a contact point of the same state.",
        )

    def form_field(self, question):
        # The choices are the state's own contact points, set by the form for each state.
        return forms.TypedChoiceField(
            label=question.label,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "Not known")],
            help_text=question.help,
        )

    def value(self, question, record):
        """The linked contact (from the state's contacts, prefetched where a page lists many),
        REMOVED when it is no longer recorded, None when no contact is named."""
        pk = getattr(record, question.key)
        if pk is None:
            return None
        country = getattr(record, "country", None)
        contacts = country.contacts.all() if country is not None else ()
        return next((c for c in contacts if c.pk == pk), REMOVED)

    def display(self, question, value, condition):
        if value is REMOVED:
            return Answer("Not known: the contact point named was removed", UNKNOWN, condition)
        return Answer(
            contact_label(value),
            INFO,
            condition,
            phone=value.phone,
            phone_display=value.phone_display,
        )

    def search_text(self, question, value):
        return "" if value in (None, REMOVED) else contact_label(value)

    def validate(self, question, value):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise InvalidAnswer(f"{question.key}: the id of a contact point, not {value!r}")

    def example(self, question):
        return None  # a contact of the same state must exist first: see `contact_columns`


REMOVED = object()  # a linked contact point that is no longer recorded


def contact_label(contact: Any) -> str:
    """How an answer names a contact point: organisation, unit, function or name."""
    parts = [contact.organisation, contact.unit, contact.function or contact.name]
    return " — ".join(p for p in parts if p)


CHOICE, MULTI, DURATION, TEXT, LINK, CONTACT = (
    ChoiceKind(),
    MultiKind(),
    DurationKind(),
    TextKind(),
    LinkKind(),
    ContactKind(),
)
CONDITION_MAX_LENGTH = 500


@dataclass(frozen=True)
class Question:
    """One question of a profile; its `kind` gives it its behaviour."""

    key: str
    label: str
    kind: Kind
    options: tuple[Option, ...] = ()
    condition: bool = False  # a short text beside the answer: conditions, alternatives, limits
    help: str = ""

    @property
    def condition_key(self) -> str:
        return f"{self.key}_condition"

    @property
    def columns(self) -> list[str]:
        return [self.key, self.condition_key] if self.condition else [self.key]

    @property
    def option_values(self) -> list[str]:
        return [o.value for o in self.options]

    def model_fields(self) -> dict[str, models.Field]:
        found = {self.key: self.kind.model_field(self)}
        if self.condition:
            found[self.condition_key] = models.CharField(
                f"{self.label}: condition",
                max_length=CONDITION_MAX_LENGTH,
                blank=True,
                default="",
            )
        return found

    def form_fields(self) -> dict[str, forms.Field]:
        found = {self.key: self.kind.form_field(self)}
        if self.condition:
            found[self.condition_key] = forms.CharField(
                label="Condition or detail",
                required=False,
                max_length=CONDITION_MAX_LENGTH,
            )
        return found

    def answer(self, profile: Any) -> Answer:
        value = self.kind.value(self, profile)
        condition = getattr(profile, self.condition_key, "") if self.condition else ""
        if self.kind.is_empty(value):
            return Answer("Not known", UNKNOWN, condition) if condition else NOT_KNOWN
        return self.kind.display(self, value, condition)

    def option(self, value: str) -> Option:
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
        """The note as its author wrote it, in Markdown."""
        return f"{self.key}_note"

    @property
    def note_html_key(self) -> str:
        """The note's HTML, rendered and cleaned when it is saved; pages show this."""
        return f"{self.key}_note_html"

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


def q(key: str, label: str, kind: Kind, **kwargs) -> Question:
    return Question(key=key, label=label, kind=kind, **kwargs)


def yes_no(key: str, label: str, **kwargs) -> Question:
    return Question(key=key, label=label, kind=CHOICE, options=YES_NO, condition=True, **kwargs)


SECTIONS: tuple[Section, ...] = (
    Section(
        "legal",
        "Legal framework",
        (
            Question(
                "cd_possible",
                "Controlled delivery possible",
                CHOICE,
                options=(
                    Option("yes", "Yes", YES),
                    Option("partly", "Partly", CONDITIONAL),
                    Option("no", "No", NO),
                ),
                condition=True,
                help="If not, or only partly: say which alternatives exist.",
            ),
            q("legal_basis", "National legal basis", TEXT, help="Statute and article."),
            q("legal_basis_url", "Official text of the law", LINK),
            yes_no("defined_in_law", "Controlled delivery defined in national law"),
            q(
                "variants",
                "Variants provided for",
                MULTI,
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
                MULTI,
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
                MULTI,
                options=(
                    Option("surveillance", "Cross-border surveillance"),
                    Option("tracking", "Tracking"),
                    Option("undercover", "Undercover officers"),
                ),
            ),
            yes_no("double_criminality", "Double criminality required"),
            Question(
                "qualifying_offences",
                "Offences that qualify",
                CHOICE,
                options=(
                    Option("any", "Any drug-trafficking offence", YES),
                    Option("threshold", "Only above a penalty threshold", CONDITIONAL),
                    Option("extraditable", "Only extraditable offences", CONDITIONAL),
                ),
                condition=True,
                help="Give the threshold in the detail, e.g. at least 4 years' imprisonment.",
            ),
            q(
                "substances",
                "Substances a delivery may carry",
                MULTI,
                options=(
                    Option("narcotic", "Narcotic drugs (1961 Convention)"),
                    Option("psychotropic", "Psychotropic substances (1971 Convention)"),
                    Option("precursors", "Precursors (1988 Convention tables)"),
                    Option("nps", "New psychoactive substances"),
                ),
                condition=True,
            ),
            yes_no(
                "nps_controlled",
                "New psychoactive substances controlled",
                help="Whether substances not in the UN schedules are controlled here (generic or "
                "analogue legislation): a substance not controlled here is not an offence here.",
            ),
            yes_no(
                "quantity_threshold",
                "Minimum quantity required",
                help="Whether a delivery is refused as a quantity “not significant”; give the "
                "threshold per substance in the detail.",
            ),
        ),
    ),
    Section(
        "authorisation",
        "Authorisation",
        (
            q("authority_incoming", "Competent authority: incoming", MULTI, options=AUTHORITIES),
            q(
                "authority_incoming_contact",
                "The contact that is that authority: incoming",
                CONTACT,
                help="The contact point below that is the incoming authority, so an officer "
                "reaches it at once. Add it under Contact points first.",
            ),
            q("authority_outgoing", "Competent authority: outgoing", MULTI, options=AUTHORITIES),
            q(
                "authority_outgoing_contact",
                "The contact that is that authority: outgoing",
                CONTACT,
                help="The contact point below that is the outgoing authority, so an officer "
                "reaches it at once. Add it under Contact points first.",
            ),
            q("authority_transit", "Competent authority: transit", MULTI, options=AUTHORITIES),
            q(
                "authority_transit_contact",
                "The contact that is that authority: transit",
                CONTACT,
                help="The contact point below that is the transit authority, so an officer "
                "reaches it at once. Add it under Contact points first.",
            ),
            q(
                "authority_stage",
                "Stage at which each authority decides",
                TEXT,
                help="For example: national prosecutor first, then the regional one.",
            ),
            q("place_unknown_rule", "When the place of delivery is not yet known", TEXT),
            q(
                "cd_contact",
                "Controlled-delivery contact point",
                CONTACT,
                help="The one contact point for controlled deliveries of this state.",
            ),
            q(
                "refusal_grounds",
                "Grounds for refusal",
                MULTI,
                options=(
                    Option("risk_to_life", "Risk to the life or health of persons"),
                    Option("entrapment", "Entrapment or incitement"),
                    Option(
                        "surveillance_not_secured", "Surveillance not secured in the next state"
                    ),
                    Option("quantity", "Quantity not significant"),
                    Option("substance_not_controlled", "Substance not controlled here"),
                    Option("third_states", "Legs through third states without guarantees"),
                ),
                condition=True,
            ),
            yes_no("judicial_authorisation", "Judicial or independent authorisation required"),
            yes_no("ministerial_notification", "Ministerial notification required"),
            q(
                "preconditions",
                "Preconditions",
                MULTI,
                options=(
                    Option("no_other_means", "No other means available"),
                    Option("continuous_access", "Continuous access to the goods"),
                    Option("consent_guarantees", "Consent and guarantees of the other states"),
                ),
                condition=True,
            ),
            q("max_duration", "Maximum duration of an authorisation", DURATION),
            q(
                "request_channel",
                "Channel for a foreign request",
                MULTI,
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
                CHOICE,
                options=(
                    Option("before", "Needed before the delivery", CONDITIONAL),
                    Option("after", "May follow after the delivery", YES),
                    Option("not_needed", "Not needed", YES),
                ),
                condition=True,
            ),
            yes_no("urgent_oral", "Urgent oral request accepted"),
            q(
                "urgent_to_whom",
                "Urgent oral request: to whom",
                TEXT,
                help="Who takes an urgent request at any hour, e.g. the duty prosecutor of the "
                "place of entry, through the 24/7 police desk.",
            ),
            q("oral_confirmation", "Written confirmation of an oral request within", DURATION),
            q("decision_time_normal", "Time to decide: normal", DURATION),
            q("decision_time_urgent", "Time to decide: urgent", DURATION),
            q(
                "languages",
                "Languages accepted",
                MULTI,
                options=LANGUAGE_OPTIONS,
                condition=True,
            ),
            q("other_language_rule", "A request in another language", TEXT),
            yes_no("encryption_required", "Encryption or electronic signature required"),
            q(
                "request_content",
                "What the request must contain",
                MULTI,
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
                CHOICE,
                options=(
                    Option("none", "Not allowed: live delivery only", NO),
                    Option("partial", "Partial only", CONDITIONAL),
                    Option("full", "Partial or full", YES),
                    Option("required", "Required: no live delivery", CONDITIONAL),
                ),
                condition=True,
            ),
            yes_no("substitution_records_admissible", "Substitution records admissible"),
            yes_no(
                "market_never",
                "The drugs must never reach the market",
                help="Whether this state refuses a delivery in which the drugs could reach "
                "buyers, e.g. a live delivery not intercepted before the end.",
            ),
            Question(
                "host_intervention",
                "The host state's right to intervene",
                CHOICE,
                options=(
                    Option("any_time", "May stop or take over at any time", CONDITIONAL),
                    Option("agreed", "Only on conditions agreed beforehand", YES),
                ),
                condition=True,
            ),
            Question(
                "third_state_legs",
                "Legs through third states",
                CHOICE,
                options=(
                    Option("allowed", "Allowed", YES),
                    Option("guarantees", "Only with the third states' guarantees", CONDITIONAL),
                    Option("refused", "Refused", NO),
                ),
                condition=True,
            ),
            Question(
                "interception",
                "Interception of the consignment",
                CHOICE,
                options=(
                    Option("any_point", "May be intercepted at any point"),
                    Option("set_point", "Must be seized at a set point"),
                    Option("case_by_case", "Decided case by case"),
                ),
                condition=True,
            ),
            q("loss_of_control", "If control of the consignment is lost", TEXT),
            Question(
                "foreign_officers",
                "Foreign officers may accompany",
                CHOICE,
                options=(
                    Option("no", "No", NO),
                    Option("unarmed", "Yes, unarmed", CONDITIONAL),
                    Option("armed", "Yes, armed", YES),
                ),
                condition=True,
            ),
            q("foreign_officer_powers", "Powers of accompanying foreign officers", TEXT),
            q("border_handover", "Hand-over of surveillance at the border", TEXT),
            yes_no("tracking_devices", "Tracking devices may be used"),
            yes_no("tracking_authorisation", "Tracking needs its own authorisation"),
            q(
                "combined_techniques",
                "May be combined with",
                MULTI,
                options=(
                    Option("undercover", "Undercover officers"),
                    Option("interception", "Interception of communications"),
                    Option("jit", "Joint investigation teams"),
                ),
            ),
            q("lead_on_territory", "Who leads on the territory", MULTI, options=AUTHORITIES),
            q("stop_conditions", "Conditions to stop the operation", TEXT),
            q("safety", "Safety of persons involved", TEXT),
        ),
    ),
    Section(
        "evidence",
        "Evidence and after the operation",
        (
            yes_no("foreign_evidence", "Evidence gathered abroad admissible"),
            q("custody", "Sampling and chain of custody", TEXT),
            yes_no("foreign_testimony", "Foreign officers may testify"),
            q("information_duty", "Keeping the other states informed", TEXT),
            q("reporting", "Reporting obligations", TEXT),
            q("costs", "Costs", TEXT),
        ),
    ),
    Section(
        "safeguards",
        "Safeguards",
        (
            q("oversight", "Who oversees", TEXT),
            q("proportionality", "How proportionality is assessed", TEXT),
            q("data_protection", "Data protection for data exchanged", TEXT),
        ),
        intro="Lawful, necessary, proportionate and under judicial oversight.",
    ),
    Section(
        "practical",
        "Practical notes",
        (
            q("pitfalls", "Pitfalls seen in past operations", TEXT),
            q("tips", "Tips", TEXT),
            q("statistics", "Statistics", TEXT, help="For example: deliveries per year."),
            q("guides", "National guides", TEXT),
        ),
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
QUESTIONS = {question.key: question for section in SECTIONS for question in section.questions}
CONTENT_COLUMNS = [column for section in SECTIONS for column in section.columns]


# Written by the services from the notes, never by a person: not content a form may change.
NOTE_HTML_COLUMNS = {section.note_key: section.note_html_key for section in SECTIONS}
CONDITION_COLUMNS = {q.condition_key for q in QUESTIONS.values() if q.condition}


def validate_changes(changes: dict[str, Any]) -> None:
    """Raise InvalidAnswer unless every column is profile content and its value fits its kind:
    a choice must be one of the question's options, a list only its options, and so on."""
    unknown = set(changes) - set(CONTENT_COLUMNS)
    if unknown:
        raise InvalidAnswer(f"Not profile content: {sorted(unknown)}")
    for column, value in changes.items():
        if column in QUESTIONS:
            QUESTIONS[column].kind.validate(QUESTIONS[column], value)
        elif not isinstance(value, str):
            raise InvalidAnswer(f"{column}: a text, not {value!r}")
        elif column in CONDITION_COLUMNS and len(value) > CONDITION_MAX_LENGTH:
            raise InvalidAnswer(f"{column}: longer than {CONDITION_MAX_LENGTH} characters")


def model_fields() -> dict[str, models.Field]:
    """Every column the schema needs on the profile model, in schema order."""
    found: dict[str, models.Field] = {}
    for section in SECTIONS:
        for question in section.questions:
            found.update(question.model_fields())
        found[section.note_key] = models.TextField(f"{section.title}: note", blank=True)
        found[section.note_html_key] = models.TextField(
            f"{section.title}: note as HTML", blank=True, editable=False
        )
    return found


# Names ------------------------------------------------------------------------------------------
# Code outside the declaration above never writes a question key or an option value as a bare
# string: it asks `name()`, which records it. The system check in countries/checks.py stops
# start-up when any recorded name is not in the schema, so renaming an option cannot silently
# switch off a rule, a filter or a page.


@dataclass(frozen=True)
class Name:
    """A question, or one option of it, named by code; resolved when used."""

    question_key: str
    option_value: str | None = None
    where: str = ""

    @property
    def question(self) -> Question:
        return QUESTIONS[self.question_key]

    @property
    def option(self) -> Option:
        for option in self.question.options:
            if option.value == self.option_value:
                return option
        raise KeyError(f"{self.question_key} has no option {self.option_value!r}")

    @property
    def value(self) -> str:
        return self.option.value

    def problem(self) -> str:
        """What is wrong with this name ("" when the schema has it)."""
        if self.question_key not in QUESTIONS:
            return f"{self.where} names a question {self.question_key!r} that does not exist"
        if self.option_value is not None and self.option_value not in self.question.option_values:
            return (
                f"{self.where} names an option {self.option_value!r} of {self.question_key!r} "
                "that does not exist"
            )
        return ""


_NAMES: list[Name] = []


def name(question_key: str, option_value: str | None = None, *, where: str) -> Name:
    """Name a question (or one of its options) from code in module `where`."""
    found = Name(question_key, option_value, where)
    _NAMES.append(found)
    return found


def names() -> tuple[Name, ...]:
    """Every name recorded so far (each module records its names when it is imported)."""
    return tuple(_NAMES)


# Route rules --------------------------------------------------------------------------------------
# What a route brief must warn about, declared as data: each rule names its questions and
# options through `name()` and carries the reason the officer reads. Two kinds: answers of two
# states on one route that cannot both be satisfied, and answers of one state the whole route
# must meet.


@dataclass(frozen=True)
class RouteState:
    """What a rule sees of one state on the route."""

    name: str
    profile: Any  # a countries.models.Profile, or None when the state has no entry yet


@dataclass(frozen=True)
class Finding:
    rule: RouteRule
    facts: tuple[str, ...]  # what the states' answers say, in the schema's own words
    states: tuple[str, ...]

    @property
    def topic(self) -> str:
        return self.rule.topic

    @property
    def reason(self) -> str:
        return self.rule.reason


def _fact(state: RouteState, question: Question) -> str:
    answer = question.answer(state.profile) if state.profile is not None else NOT_KNOWN
    condition = f" ({answer.condition})" if answer.condition else ""
    return f"{state.name}: {question.label}: {answer.text}{condition}"


@dataclass(frozen=True)
class AnswerIs:
    """A state's answer to one question is one of the named options."""

    question: Name
    options: tuple[Name, ...]

    def holds(self, state: RouteState) -> bool:
        if state.profile is None:
            return False
        value = getattr(state.profile, self.question.question_key)
        wanted = {option.option_value for option in self.options}
        if isinstance(value, list):  # a list answer holds when any named option is ticked
            return bool(wanted & set(value))
        return value in wanted

    def fact(self, state: RouteState) -> str:
        return _fact(state, self.question.question)


def answer_is(question_key: str, *values: str) -> AnswerIs:
    return AnswerIs(
        name(question_key, where="countries.schema.ROUTE_RULES"),
        tuple(name(question_key, v, where="countries.schema.ROUTE_RULES") for v in values),
    )


class RouteRule(ABC):
    key: str
    topic: str
    reason: str

    @abstractmethod
    def find(self, states: list[RouteState], requesting: RouteState | None) -> list[Finding]:
        """What this rule finds on a route, in route order."""


@dataclass(frozen=True)
class ConflictRule(RouteRule):
    """Answers of two states on one route that no single operation can satisfy together:
    `one` in a state and `other` in another, in either order, or, `at_border`, `other` in the
    very next state after `one` along the route."""

    key: str
    topic: str
    one: AnswerIs
    other: AnswerIs
    reason: str
    at_border: bool = False

    def find(self, states, requesting):
        found = []
        pairs = pairwise(states) if self.at_border else combinations(states, 2)
        for first, second in pairs:
            if self.one.holds(first) and self.other.holds(second):
                found.append(self._finding(first, second))
            elif not self.at_border and self.one.holds(second) and self.other.holds(first):
                found.append(self._finding(second, first))
        return found

    def _finding(self, one: RouteState, other: RouteState) -> Finding:
        return Finding(self, (self.one.fact(one), self.other.fact(other)), (one.name, other.name))


@dataclass(frozen=True)
class RequirementRule(RouteRule):
    """An answer of one state that the whole route must meet; `also` names the answers shown
    beside it (e.g. the decision time of the authority that must authorise)."""

    key: str
    topic: str
    when: AnswerIs
    reason: str
    also: tuple[Name, ...] = ()

    def find(self, states, requesting):
        return [
            Finding(
                self,
                (self.when.fact(state), *(_fact(state, n.question) for n in self.also)),
                (state.name,),
            )
            for state in states
            if self.when.holds(state)
        ]


@dataclass(frozen=True)
class CommonLanguageRule(RouteRule):
    """A state on the route accepts no language the requesting state uses (the languages that
    state's own profile accepts). Silent while either side's languages are not known."""

    key: str
    topic: str
    languages: Name
    reason: str
    also: tuple[Name, ...] = ()

    def _languages(self, state: RouteState) -> set[str]:
        if state.profile is None:
            return set()
        return set(getattr(state.profile, self.languages.question_key) or [])

    def find(self, states, requesting):
        theirs = self._languages(requesting) if requesting is not None else set()
        if not theirs:
            return []
        question = self.languages.question
        return [
            Finding(
                self,
                (
                    _fact(state, question),
                    f"{requesting.name} (requesting state): {question.label}: "
                    f"{question.answer(requesting.profile).text}",
                    *(_fact(state, n.question) for n in self.also),
                ),
                (state.name, requesting.name),
            )
            for state in states
            if state.name != requesting.name
            and self._languages(state)
            and not self._languages(state) & theirs
        ]


@dataclass(frozen=True)
class ThirdStatesRule(RouteRule):
    """A state that refuses, or wants guarantees for, legs through third states, on a route
    that crosses states other than itself and the two ends (transit states, for it, are
    third states). Silent on a route of two states."""

    key: str
    topic: str
    when: AnswerIs
    reason: str

    def find(self, states, requesting):
        found = []
        for state in states:
            if not self.when.holds(state):
                continue
            thirds = [s.name for s in states[1:-1] if s is not state]
            if thirds:
                fact = f"{state.name}: third states on this route: {', '.join(thirds)}"
                found.append(Finding(self, (self.when.fact(state), fact), (state.name, *thirds)))
        return found


def _where(question_key: str) -> Name:
    return name(question_key, where="countries.schema.ROUTE_RULES")


ROUTE_CONFLICTS: tuple[ConflictRule, ...] = (
    ConflictRule(
        "substitution",
        "Substitution",
        one=answer_is("substitution", "required"),
        other=answer_is("substitution", "none", "partial"),
        reason="One state requires the drugs to be replaced so that no live drugs travel; the "
        "other lets only the original drugs, or only part of them replaced, travel. No single "
        "consignment can satisfy both: agree on the substitution before the consignment moves.",
    ),
    ConflictRule(
        "armed_officers",
        "Armed accompanying officers",
        one=answer_is("foreign_officers", "armed"),
        other=answer_is("foreign_officers", "unarmed", "no"),
        at_border=True,
        reason="Foreign officers may carry their weapons up to this border but not beyond it: "
        "plan where the weapons are handed over, or hand over the surveillance, at that border.",
    ),
    ConflictRule(
        "accompanying_officers",
        "Accompanying officers",
        one=answer_is("foreign_officers", "unarmed"),
        other=answer_is("foreign_officers", "no"),
        at_border=True,
        reason="Foreign officers may accompany the consignment up to this border but not at all "
        "beyond it: the next state's officers must take over the surveillance at that border.",
    ),
    ConflictRule(
        "tracking_devices",
        "Tracking devices",
        one=answer_is("tracking_devices", "yes", "conditional"),
        other=answer_is("tracking_devices", "no"),
        at_border=True,
        reason="A tracking device used up to this border may not be used beyond it: switch it "
        "off or remove it at the border and arrange other surveillance.",
    ),
    ConflictRule(
        "market",
        "Drugs reaching the market",
        one=answer_is("market_never", "yes", "conditional"),
        other=answer_is("substitution", "none"),
        reason="One state refuses a delivery in which the drugs could reach the market; the "
        "other lets only the original drugs travel, with no substitution. Agree before the "
        "consignment moves where it will be intercepted, so that no drug leaves control.",
    ),
    ConflictRule(
        "new_psychoactive_substances",
        "New psychoactive substances",
        one=answer_is("nps_controlled", "yes", "conditional"),
        other=answer_is("nps_controlled", "no"),
        reason="A new psychoactive substance controlled in one state may be legal in the other: "
        "there the facts are no offence and the request may be refused. Check the substance "
        "against that state's list before asking.",
    ),
)

ROUTE_REQUIREMENTS: tuple[RouteRule, ...] = (
    RequirementRule(
        "not_possible",
        "Controlled delivery not possible",
        when=answer_is("cd_possible", "no", "partly"),
        reason="National law does not allow a controlled delivery here, or only in part: read "
        "the alternatives it offers and settle them before the route is fixed.",
    ),
    RequirementRule(
        "formal_request_before",
        "Formal request before the delivery",
        when=answer_is("formal_request", "before"),
        reason="The formal request must be sent, and answered, before the consignment enters "
        "this state; a police contact alone is not enough.",
        also=(_where("request_channel"),),
    ),
    RequirementRule(
        "judicial_authorisation",
        "Judicial authorisation",
        when=answer_is("judicial_authorisation", "yes", "conditional"),
        reason="A judge or another independent authority must authorise the delivery in this "
        "state: count its decision time into the plan.",
        also=(_where("decision_time_normal"), _where("decision_time_urgent")),
    ),
    RequirementRule(
        "no_urgent_oral",
        "Urgent oral requests not accepted",
        when=answer_is("urgent_oral", "no"),
        reason="Even in an emergency this state needs the request in writing from the start.",
        also=(_where("decision_time_urgent"),),
    ),
    CommonLanguageRule(
        "no_common_language",
        "No language in common",
        languages=_where("languages"),
        reason="The request must be translated into a language this state accepts: allow time "
        "for the translation.",
        also=(_where("other_language_rule"),),
    ),
    RequirementRule(
        "tracking_authorisation",
        "Tracking needs its own authorisation",
        when=answer_is("tracking_authorisation", "yes", "conditional"),
        reason="Placing a tracking device needs an authorisation of its own, besides the one for "
        "the delivery: ask for both.",
    ),
    RequirementRule(
        "ministerial_notification",
        "Ministerial notification",
        when=answer_is("ministerial_notification", "yes", "conditional"),
        reason="The ministry must be notified before the delivery: allow for it in the plan.",
    ),
    RequirementRule(
        "double_criminality",
        "Double criminality",
        when=answer_is("double_criminality", "yes", "conditional"),
        reason="The facts must be an offence in this state too: check that the substance is "
        "controlled there (new psychoactive substances often are not).",
    ),
    RequirementRule(
        "encryption",
        "Encrypted or signed request",
        when=answer_is("encryption_required", "yes", "conditional"),
        reason="Send the request encrypted or with an electronic signature: an ordinary e-mail "
        "is not accepted.",
    ),
    RequirementRule(
        "quantity_threshold",
        "Minimum quantity",
        when=answer_is("quantity_threshold", "yes", "conditional"),
        reason="This state refuses a quantity it deems not significant: check the consignment "
        "is above its threshold, and state the quantity in the request.",
    ),
    RequirementRule(
        "qualifying_offences",
        "Only some offences qualify",
        when=answer_is("qualifying_offences", "threshold", "extraditable"),
        reason="A delivery is allowed here only for offences above a threshold or extraditable "
        "ones: name the offence and its penalty in the request.",
    ),
    RequirementRule(
        "surveillance_secured",
        "Surveillance secured in the next state",
        when=answer_is("refusal_grounds", "surveillance_not_secured"),
        reason="This state refuses when the surveillance is not secured beyond its border: get "
        "the next state's agreement to take over before asking.",
        also=(_where("border_handover"),),
    ),
    RequirementRule(
        "risk_to_life",
        "Risk to life",
        when=answer_is("refusal_grounds", "risk_to_life", "entrapment"),
        reason="This state refuses when persons are put at risk or the offence is incited: say "
        "in the request how the safety of everyone involved is ensured and that no one was "
        "incited.",
        also=(_where("refusal_grounds"),),
    ),
    RequirementRule(
        "host_intervention",
        "The host state may intervene at any time",
        when=answer_is("host_intervention", "any_time"),
        reason="This state may stop the delivery or take it over at any moment on its "
        "territory: agree beforehand with it what would make it intervene.",
    ),
    ThirdStatesRule(
        "third_state_legs",
        "Legs through third states",
        when=answer_is("third_state_legs", "guarantees", "refused"),
        reason="This state refuses, or wants guarantees for, legs through third states: obtain "
        "every transit state's written guarantee of surveillance, or change the route.",
    ),
)

ROUTE_RULES: tuple[RouteRule, ...] = ROUTE_CONFLICTS + ROUTE_REQUIREMENTS
