"""The profile schema: one declaration of every question a country profile answers.

It drives the model's columns, the edit forms, the profile page, the history diff, the search
text, the comparison, the route brief and the PDF. Add a question here and everything follows.
Each question has a kind (a class below) that gives its column, form field, display, search
text and what it accepts.

Unknown is never "no": a choice left empty, a list with nothing ticked, a duration or a text
left blank are all shown as "Not known".
"""

from __future__ import annotations

import unicodedata
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
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from handbook.html import message_html

# What a person reads: a lazy translation, turned into text in the reader's language only when a
# page, PDF or finding is rendered (never at import time, when the schema is built).
Text = str | Promise

# Tones give every structured answer a consistent badge.
YES, NO, CONDITIONAL, UNKNOWN, INFO = "yes", "no", "conditional", "unknown", "info"


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    tone: str = INFO


YES_NO = (
    Option("yes", _("Yes"), YES),
    Option("no", _("No"), NO),
    Option("conditional", _("Conditional"), CONDITIONAL),
)

AUTHORITIES = (
    Option("police", _("Police")),
    Option("customs", _("Customs")),
    Option("prosecutor", _("Public prosecutor")),
    Option("investigating_judge", _("Investigating judge")),
    Option("court", _("Court")),
    Option("ministry", _("Ministry")),
)

# The official languages of the participating states (ISO 639-1), English and French first
# among equals as the Council of Europe's own. Names come from Django's list, the well-kept
# source, except Maltese, which it lacks: Django's own catalogue translates them (French
# "Allemand"), ours only Maltese. About 50 languages instead of Django's 100 or so.
PARTICIPATING_LANGUAGES = (
    "ar", "az", "be", "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu",
    "fi", "fr", "ga", "gl", "he", "hr", "hu", "hy", "is", "it", "ka", "kk", "ky", "lb", "lt",
    "lv", "mk", "mn", "mt", "nb", "nl", "nn", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr",
    "sv", "tg", "tk", "tr", "uk", "uz",
)  # fmt: skip
_LANGUAGE_NAMES = {**dict(LANGUAGES), "mt": gettext_noop("Maltese")}  # English, untranslated
# In the order of the English names (sorted before translating, so nothing is translated at
# import time); `LANGUAGE_OPTIONS` sorts itself again in the reader's language.
LANGUAGE_CHOICES = [
    (code, _(_LANGUAGE_NAMES[code]))
    for code in sorted(PARTICIPATING_LANGUAGES, key=_LANGUAGE_NAMES.__getitem__)
]


def _collation_key(text: str) -> str:
    """Accents and case aside, as a dictionary sorts ("Égyptien" among the E)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class ByLabel(tuple):
    """Options that iterate in the alphabetical order of their labels in the active language
    (as declared, i.e. by English name, while English or no language is active); indexing
    keeps the declared order."""

    __slots__ = ()

    def __iter__(self):
        language = translation.get_language()
        if not language or language.startswith("en"):
            return tuple.__iter__(self)
        return iter(sorted(tuple.__iter__(self), key=lambda o: _collation_key(str(o.label))))


LANGUAGE_OPTIONS = ByLabel(Option(code, name) for code, name in LANGUAGE_CHOICES)


def language_choices() -> list[tuple[str, Text]]:
    """(code, name) of every participating language, sorted by name in the active language:
    pass the function itself as a form field's `choices`, so each form sorts when it renders."""
    return [(option.value, option.label) for option in LANGUAGE_OPTIONS]


@dataclass(frozen=True)
class Answer:
    """What one question says for one profile, ready for any page, PDF or comparison. The text
    is a str in the reader's language, except NOT_KNOWN's, which stays lazy."""

    text: Text
    tone: str
    condition: str = ""
    link: str = ""
    phone: str = ""  # a linked contact point's number (E.164), for a tel: link
    phone_display: str = ""

    @property
    def known(self) -> bool:
        return self.tone != UNKNOWN

    def badge(self, lang: str = "") -> SafeString:
        """The answer in a badge of its tone (a link if it is one), then its contact point's
        number as a tel: link; `lang`, if given, the badge's language."""
        if self.link:
            shown = format_html(
                '<a href="{}" rel="noopener noreferrer">{}</a>', self.link, self.text
            )
        else:
            shown = linebreaksbr(self.text, autoescape=True)
        text_attr = format_html(' lang="{}"', lang) if lang else ""
        badge = format_html('<span class="badge badge-{}"{}>{}</span>', self.tone, text_attr, shown)
        if not self.phone:
            return badge
        return format_html(
            '{} <a class="answer-phone" href="tel:{}">{}</a>', badge, self.phone, self.phone_display
        )

    def html(self, lang: str = "", text_lang: str = "") -> SafeString:
        """The answer as every page and PDF shows it: its badge, then its condition, in the
        entry's language `lang`. `text_lang`: the entry's language too when the answer is text
        as its correspondent typed it (shows_typed_text), so the badge is marked with it; not
        for "Not known", the portal's words. Built in Python: as a template include, once per
        answer, it was most of a state page's first rendering."""
        badge = self.badge(text_lang if self.known else "")
        if not self.condition:
            return badge
        lang_attr = format_html(' lang="{}"', lang) if lang else ""
        return format_html(
            '{}<span class="condition"{}>{}</span>', badge, lang_attr, self.condition
        )


NOT_KNOWN = Answer(_("Not known"), UNKNOWN)


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
        return "" if self.is_empty(value) else str(self.display(question, value, "").text)

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
            choices=lambda: [("", _("Not known")), *((o.value, o.label) for o in question.options)],
            help_text=question.help,
        )

    def display(self, question, value, condition):
        option = question.option(value)
        return Answer(str(option.label), option.tone, condition)

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
            choices=lambda: [(o.value, o.label) for o in question.options],
            help_text=question.help,
            widget=forms.CheckboxSelectMultiple,
        )

    def display(self, question, value, condition):
        # In the schema's order, whatever order they were saved in.
        known = [o.value for o in question.options if o.value in value]
        ordered = known + [v for v in value if v not in known]
        labels = [str(question.option(v).label) for v in ordered]
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
            help_text=_("The id of a contact point of the same state."),
        )

    def form_field(self, question):
        # The choices are the state's own contact points, set by the form for each state.
        return forms.TypedChoiceField(
            label=question.label,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Not known"))],
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
            return Answer(
                gettext("Not known: the contact point named was removed"), UNKNOWN, condition
            )
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
    label: Text
    kind: Kind
    options: tuple[Option, ...] = ()
    condition: bool = False  # a short text beside the answer: conditions, alternatives, limits
    help: Text = ""

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
                format_lazy(_("{label}: condition"), label=self.label),
                max_length=CONDITION_MAX_LENGTH,
                blank=True,
                default="",
            )
        return found

    def form_fields(self) -> dict[str, forms.Field]:
        found = {self.key: self.kind.form_field(self)}
        if self.condition:
            found[self.condition_key] = forms.CharField(
                label=_("Condition or detail"),
                required=False,
                max_length=CONDITION_MAX_LENGTH,
            )
        return found

    def answer(self, profile: Any) -> Answer:
        value = self.kind.value(self, profile)
        condition = getattr(profile, self.condition_key, "") if self.condition else ""
        if self.kind.is_empty(value):
            return Answer(gettext("Not known"), UNKNOWN, condition) if condition else NOT_KNOWN
        return self.kind.display(self, value, condition)

    def option(self, value: str) -> Option:
        for option in self.options:
            if option.value == value:
                return option
        return Option(value, value)


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    questions: tuple[Question, ...]
    intro: Text = ""

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
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


DURATION_UNITS = [
    ("hours", pgettext_lazy("duration", "hours")),
    ("days", pgettext_lazy("duration", "days")),
]


class DurationInputWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        widgets = [
            forms.NumberInput(
                attrs={
                    "min": 0,
                    "max": 9999,
                    "class": "duration-amount",
                    "aria-label": pgettext_lazy("duration", "Number"),
                }
            ),
            forms.Select(
                choices=DURATION_UNITS, attrs={"aria-label": pgettext_lazy("duration", "Unit")}
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
            forms.ChoiceField(choices=DURATION_UNITS),
        ]
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or data_list[0] in (None, ""):
            return None
        amount, unit = data_list
        return timedelta(days=amount) if unit == "days" else timedelta(hours=amount)


def q(key: str, label: Text, kind: Kind, **kwargs) -> Question:
    return Question(key=key, label=label, kind=kind, **kwargs)


def yes_no(key: str, label: Text, **kwargs) -> Question:
    return Question(key=key, label=label, kind=CHOICE, options=YES_NO, condition=True, **kwargs)


SECTIONS: tuple[Section, ...] = (
    Section(
        "legal",
        _("Legal framework"),
        (
            Question(
                "cd_possible",
                _("Controlled delivery possible"),
                CHOICE,
                options=(
                    Option("yes", _("Yes"), YES),
                    Option("partly", _("Partly"), CONDITIONAL),
                    Option("no", _("No"), NO),
                ),
                condition=True,
                help=_("If not, or only partly: say which alternatives exist."),
            ),
            q("legal_basis", _("National legal basis"), TEXT, help=_("Statute and article.")),
            q("legal_basis_url", _("Official text of the law"), LINK),
            yes_no("defined_in_law", _("Controlled delivery defined in national law")),
            q(
                "variants",
                _("Variants provided for"),
                MULTI,
                options=(
                    Option("incoming", pgettext_lazy("delivery variant", "Incoming")),
                    Option("outgoing", pgettext_lazy("delivery variant", "Outgoing")),
                    Option("transit", pgettext_lazy("delivery variant", "Transit")),
                    Option("monitored", pgettext_lazy("delivery variant", "Monitored")),
                    Option(
                        "assisted", pgettext_lazy("delivery variant", "Assisted or infiltrated")
                    ),
                    Option("live", _("Live, with the original goods")),
                    Option("partial_substitution", _("Partial substitution")),
                    Option("full_substitution", _("Full substitution")),
                ),
            ),
            q(
                "goods",
                _("Goods covered"),
                MULTI,
                options=(
                    Option("drugs", _("Drugs")),
                    Option("precursors", _("Precursors")),
                    Option("other_goods", _("Other goods")),
                    Option("persons", _("Persons")),
                ),
                condition=True,
            ),
            q(
                "related_measures",
                _("Related measures available"),
                MULTI,
                options=(
                    Option("surveillance", _("Cross-border surveillance")),
                    Option("tracking", _("Tracking")),
                    Option("undercover", _("Undercover officers")),
                ),
            ),
            yes_no("double_criminality", _("Double criminality required")),
            Question(
                "qualifying_offences",
                _("Offences that qualify"),
                CHOICE,
                options=(
                    Option("any", _("Any drug-trafficking offence"), YES),
                    Option("threshold", _("Only above a penalty threshold"), CONDITIONAL),
                    Option("extraditable", _("Only extraditable offences"), CONDITIONAL),
                ),
                condition=True,
                help=_("Give the threshold in the detail, e.g. at least 4 years' imprisonment."),
            ),
            q(
                "substances",
                _("Substances a delivery may carry"),
                MULTI,
                options=(
                    Option("narcotic", _("Narcotic drugs (1961 Convention)")),
                    Option("psychotropic", _("Psychotropic substances (1971 Convention)")),
                    Option("precursors", _("Precursors (1988 Convention tables)")),
                    Option("nps", _("New psychoactive substances")),
                ),
                condition=True,
            ),
            yes_no(
                "nps_controlled",
                _("New psychoactive substances controlled"),
                help=_(
                    "Whether substances not in the UN schedules are controlled here (generic or "
                    "analogue legislation): a substance not controlled here is not an offence here."
                ),
            ),
            yes_no(
                "quantity_threshold",
                _("Minimum quantity required"),
                help=_(
                    "Whether a delivery is refused as a quantity “not significant”; give the "
                    "threshold per substance in the detail."
                ),
            ),
        ),
    ),
    Section(
        "authorisation",
        _("Authorisation"),
        (
            q("authority_incoming", _("Competent authority: incoming"), MULTI, options=AUTHORITIES),
            q(
                "authority_incoming_contact",
                _("The contact that is that authority: incoming"),
                CONTACT,
                help=_(
                    "The contact point below that is the incoming authority, so an officer "
                    "reaches it at once. Add it under Contact points first."
                ),
            ),
            q("authority_outgoing", _("Competent authority: outgoing"), MULTI, options=AUTHORITIES),
            q(
                "authority_outgoing_contact",
                _("The contact that is that authority: outgoing"),
                CONTACT,
                help=_(
                    "The contact point below that is the outgoing authority, so an officer "
                    "reaches it at once. Add it under Contact points first."
                ),
            ),
            q("authority_transit", _("Competent authority: transit"), MULTI, options=AUTHORITIES),
            q(
                "authority_transit_contact",
                _("The contact that is that authority: transit"),
                CONTACT,
                help=_(
                    "The contact point below that is the transit authority, so an officer "
                    "reaches it at once. Add it under Contact points first."
                ),
            ),
            q(
                "authority_stage",
                _("Stage at which each authority decides"),
                TEXT,
                help=_("For example: national prosecutor first, then the regional one."),
            ),
            q("place_unknown_rule", _("When the place of delivery is not yet known"), TEXT),
            q(
                "cd_contact",
                _("Controlled-delivery contact point"),
                CONTACT,
                help=_("The one contact point for controlled deliveries of this state."),
            ),
            q(
                "refusal_grounds",
                _("Grounds for refusal"),
                MULTI,
                options=(
                    Option("risk_to_life", _("Risk to the life or health of persons")),
                    Option("entrapment", _("Entrapment or incitement")),
                    Option(
                        "surveillance_not_secured", _("Surveillance not secured in the next state")
                    ),
                    Option("quantity", _("Quantity not significant")),
                    Option("substance_not_controlled", _("Substance not controlled here")),
                    Option("third_states", _("Legs through third states without guarantees")),
                ),
                condition=True,
            ),
            yes_no("judicial_authorisation", _("Judicial or independent authorisation required")),
            yes_no("ministerial_notification", _("Ministerial notification required")),
            q(
                "preconditions",
                _("Preconditions"),
                MULTI,
                options=(
                    Option("no_other_means", _("No other means available")),
                    Option("continuous_access", _("Continuous access to the goods")),
                    Option("consent_guarantees", _("Consent and guarantees of the other states")),
                ),
                condition=True,
            ),
            q("max_duration", _("Maximum duration of an authorisation"), DURATION),
            q(
                "request_channel",
                _("Channel for a foreign request"),
                MULTI,
                options=(
                    Option("mla", _("Mutual legal assistance request")),
                    Option("eio", _("European Investigation Order")),
                    Option("police", _("Police co-operation")),
                    Option("customs", _("Customs co-operation")),
                    Option("interpol", _("INTERPOL")),
                ),
                condition=True,
            ),
            Question(
                "formal_request",
                _("Formal request"),
                CHOICE,
                options=(
                    Option("before", _("Needed before the delivery"), CONDITIONAL),
                    Option("after", _("May follow after the delivery"), YES),
                    Option("not_needed", _("Not needed"), YES),
                ),
                condition=True,
            ),
            yes_no("urgent_oral", _("Urgent oral request accepted")),
            q(
                "urgent_to_whom",
                _("Urgent oral request: to whom"),
                TEXT,
                help=_(
                    "Who takes an urgent request at any hour, e.g. the duty prosecutor of the "
                    "place of entry, through the 24/7 police desk."
                ),
            ),
            q("oral_confirmation", _("Written confirmation of an oral request within"), DURATION),
            q("decision_time_normal", _("Time to decide: normal"), DURATION),
            q("decision_time_urgent", _("Time to decide: urgent"), DURATION),
            q(
                "languages",
                _("Languages accepted"),
                MULTI,
                options=LANGUAGE_OPTIONS,
                condition=True,
            ),
            q("other_language_rule", _("A request in another language"), TEXT),
            yes_no("encryption_required", _("Encryption or electronic signature required")),
            q(
                "request_content",
                _("What the request must contain"),
                MULTI,
                options=(
                    Option("requesting_authority", _("Requesting authority and contact person")),
                    Option("facts", _("Summary of the facts and the offence")),
                    Option("legal_basis", _("Legal basis in the requesting state")),
                    Option("consignment", _("Description and quantity of the consignment")),
                    Option("route", _("Route, means of transport and timing")),
                    Option("persons", _("Persons and companies involved")),
                    Option("substitution", _("Whether substitution is intended")),
                    Option("accompanying", _("Whether officers will accompany")),
                    Option("tracking", _("Technical means, e.g. tracking devices")),
                    Option("end_point", _("Where and how the delivery will end")),
                ),
                condition=True,
                help=_("Tick every item the request must contain; add others in the detail."),
            ),
        ),
    ),
    Section(
        "operations",
        _("Operational conditions"),
        (
            Question(
                "substitution",
                _("Substitution of the drugs"),
                CHOICE,
                options=(
                    Option("none", _("Not allowed: live delivery only"), NO),
                    Option("partial", _("Partial only"), CONDITIONAL),
                    Option("full", _("Partial or full"), YES),
                    Option("required", _("Required: no live delivery"), CONDITIONAL),
                ),
                condition=True,
            ),
            yes_no("substitution_records_admissible", _("Substitution records admissible")),
            yes_no(
                "market_never",
                _("The drugs must never reach the market"),
                help=_(
                    "Whether this state refuses a delivery in which the drugs could reach "
                    "buyers, e.g. a live delivery not intercepted before the end."
                ),
            ),
            Question(
                "host_intervention",
                _("The host state's right to intervene"),
                CHOICE,
                options=(
                    Option("any_time", _("May stop or take over at any time"), CONDITIONAL),
                    Option("agreed", _("Only on conditions agreed beforehand"), YES),
                ),
                condition=True,
            ),
            Question(
                "third_state_legs",
                _("Legs through third states"),
                CHOICE,
                options=(
                    Option("allowed", pgettext_lazy("legs", "Allowed"), YES),
                    Option("guarantees", _("Only with the third states' guarantees"), CONDITIONAL),
                    Option("refused", pgettext_lazy("legs", "Refused"), NO),
                ),
                condition=True,
            ),
            Question(
                "interception",
                _("Interception of the consignment"),
                CHOICE,
                options=(
                    Option("any_point", _("May be intercepted at any point")),
                    Option("set_point", _("Must be seized at a set point")),
                    Option("case_by_case", _("Decided case by case")),
                ),
                condition=True,
            ),
            q("loss_of_control", _("If control of the consignment is lost"), TEXT),
            Question(
                "foreign_officers",
                _("Foreign officers may accompany"),
                CHOICE,
                options=(
                    Option("no", _("No"), NO),
                    Option("unarmed", _("Yes, unarmed"), CONDITIONAL),
                    Option("armed", _("Yes, armed"), YES),
                ),
                condition=True,
            ),
            q("foreign_officer_powers", _("Powers of accompanying foreign officers"), TEXT),
            q("border_handover", _("Hand-over of surveillance at the border"), TEXT),
            yes_no("tracking_devices", _("Tracking devices may be used")),
            yes_no("tracking_authorisation", _("Tracking needs its own authorisation")),
            q(
                "combined_techniques",
                _("May be combined with"),
                MULTI,
                options=(
                    Option("undercover", _("Undercover officers")),
                    Option("interception", _("Interception of communications")),
                    Option("jit", _("Joint investigation teams")),
                ),
            ),
            q("lead_on_territory", _("Who leads on the territory"), MULTI, options=AUTHORITIES),
            q("stop_conditions", _("Conditions to stop the operation"), TEXT),
            q("safety", _("Safety of persons involved"), TEXT),
        ),
    ),
    Section(
        "evidence",
        _("Evidence and after the operation"),
        (
            yes_no("foreign_evidence", _("Evidence gathered abroad admissible")),
            q("custody", _("Sampling and chain of custody"), TEXT),
            yes_no("foreign_testimony", _("Foreign officers may testify")),
            q("information_duty", _("Keeping the other states informed"), TEXT),
            q("reporting", _("Reporting obligations"), TEXT),
            q("costs", _("Costs"), TEXT),
        ),
    ),
    Section(
        "safeguards",
        _("Safeguards"),
        (
            q("oversight", _("Who oversees"), TEXT),
            q("proportionality", _("How proportionality is assessed"), TEXT),
            q("data_protection", _("Data protection for data exchanged"), TEXT),
        ),
        intro=_("Lawful, necessary, proportionate and under judicial oversight."),
    ),
    Section(
        "practical",
        _("Practical notes"),
        (
            q("pitfalls", _("Pitfalls seen in past operations"), TEXT),
            q("tips", _("Tips"), TEXT),
            q("statistics", _("Statistics"), TEXT, help=_("For example: deliveries per year.")),
            q("guides", _("National guides"), TEXT),
        ),
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
QUESTIONS = {question.key: question for section in SECTIONS for question in section.questions}
CONTENT_COLUMNS = [column for section in SECTIONS for column in section.columns]


# Written by the services from the notes, never by a person: not content a form may change.
NOTE_HTML_COLUMNS = {section.note_key: section.note_html_key for section in SECTIONS}
CONDITION_COLUMNS = {q.condition_key for q in QUESTIONS.values() if q.condition}


def linked_contacts(profiles) -> set[int]:
    """The ids of the contact points that the profiles' answers name."""
    keys = [q.key for q in QUESTIONS.values() if q.kind is CONTACT]
    found = {getattr(p, key) for p in profiles if p is not None for key in keys}
    return found - {None}


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
        found[section.note_key] = models.TextField(
            format_lazy(_("{section}: note"), section=section.title), blank=True
        )
        found[section.note_html_key] = models.TextField(
            format_lazy(_("{section}: note as HTML"), section=section.title),
            blank=True,
            editable=False,
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


def shows_typed_text(question: Question) -> bool:
    """Whether a question's known answer is text as its correspondent wrote it (a free text, a
    link, a contact point's names), rather than the portal's words for an option or a duration."""
    return isinstance(question.kind, TextKind | ContactKind)


def _fact(state: RouteState, question: Question) -> SafeString:
    """ "State: question: answer (condition)", in the reader's language, with what the state's
    correspondent typed marked with the language they wrote it in (HTML)."""
    answer = question.answer(state.profile) if state.profile is not None else NOT_KNOWN
    lang = getattr(state.profile, "content_language", "") or "en"

    def typed(text: str) -> SafeString:
        return format_html('<span lang="{}">{}</span>', lang, text)

    shown = typed(answer.text) if answer.known and shows_typed_text(question) else answer.text
    parts = {"state": state.name, "question": question.label, "answer": shown}
    if answer.condition:
        message = gettext("%(state)s: %(question)s: %(answer)s (%(condition)s)")
        parts["condition"] = typed(answer.condition)
    else:
        message = gettext("%(state)s: %(question)s: %(answer)s")
    return message_html(message, **parts)


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

    def fact(self, state: RouteState) -> SafeString:
        return _fact(state, self.question.question)


def answer_is(question_key: str, *values: str) -> AnswerIs:
    return AnswerIs(
        name(question_key, where="countries.schema.ROUTE_RULES"),
        tuple(name(question_key, v, where="countries.schema.ROUTE_RULES") for v in values),
    )


class RouteRule(ABC):
    key: str
    topic: Text
    reason: Text

    @abstractmethod
    def find(self, states: list[RouteState], requesting: RouteState | None) -> list[Finding]:
        """What this rule finds on a route, in route order."""


@dataclass(frozen=True)
class ConflictRule(RouteRule):
    """Answers of two states on one route that no single operation can satisfy together:
    `one` in a state and `other` in another, in either order, or, `at_border`, `other` in the
    very next state after `one` along the route."""

    key: str
    topic: Text
    one: AnswerIs
    other: AnswerIs
    reason: Text
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
    topic: Text
    when: AnswerIs
    reason: Text
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
    topic: Text
    languages: Name
    reason: Text
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
                    gettext("%(state)s (requesting state): %(question)s: %(answer)s")
                    % {
                        "state": requesting.name,
                        "question": question.label,
                        "answer": question.answer(requesting.profile).text,
                    },
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
    topic: Text
    when: AnswerIs
    reason: Text

    def find(self, states, requesting):
        found = []
        for state in states:
            if not self.when.holds(state):
                continue
            thirds = [s.name for s in states[1:-1] if s is not state]
            if thirds:
                fact = gettext("%(state)s: third states on this route: %(states)s") % {
                    "state": state.name,
                    "states": ", ".join(thirds),
                }
                found.append(Finding(self, (self.when.fact(state), fact), (state.name, *thirds)))
        return found


def _where(question_key: str) -> Name:
    return name(question_key, where="countries.schema.ROUTE_RULES")


ROUTE_CONFLICTS: tuple[ConflictRule, ...] = (
    ConflictRule(
        "substitution",
        _("Substitution"),
        one=answer_is("substitution", "required"),
        other=answer_is("substitution", "none", "partial"),
        reason=_(
            "One state requires the drugs to be replaced so that no live drugs travel; the "
            "other lets only the original drugs, or only part of them replaced, travel. No single "
            "consignment can satisfy both: agree on the substitution before the consignment moves."
        ),
    ),
    ConflictRule(
        "armed_officers",
        _("Armed accompanying officers"),
        one=answer_is("foreign_officers", "armed"),
        other=answer_is("foreign_officers", "unarmed", "no"),
        at_border=True,
        reason=_(
            "Foreign officers may carry their weapons up to this border but not beyond it: "
            "plan where the weapons are handed over, or hand over the surveillance, at that border."
        ),
    ),
    ConflictRule(
        "accompanying_officers",
        _("Accompanying officers"),
        one=answer_is("foreign_officers", "unarmed"),
        other=answer_is("foreign_officers", "no"),
        at_border=True,
        reason=_(
            "Foreign officers may accompany the consignment up to this border but not at all "
            "beyond it: the next state's officers must take over the surveillance at that border."
        ),
    ),
    ConflictRule(
        "tracking_devices",
        _("Tracking devices"),
        one=answer_is("tracking_devices", "yes", "conditional"),
        other=answer_is("tracking_devices", "no"),
        at_border=True,
        reason=_(
            "A tracking device used up to this border may not be used beyond it: switch it "
            "off or remove it at the border and arrange other surveillance."
        ),
    ),
    ConflictRule(
        "market",
        _("Drugs reaching the market"),
        one=answer_is("market_never", "yes", "conditional"),
        other=answer_is("substitution", "none"),
        reason=_(
            "One state refuses a delivery in which the drugs could reach the market; the "
            "other lets only the original drugs travel, with no substitution. Agree before the "
            "consignment moves where it will be intercepted, so that no drug leaves control."
        ),
    ),
    ConflictRule(
        "new_psychoactive_substances",
        _("New psychoactive substances"),
        one=answer_is("nps_controlled", "yes", "conditional"),
        other=answer_is("nps_controlled", "no"),
        reason=_(
            "A new psychoactive substance controlled in one state may be legal in the other: "
            "there the facts are no offence and the request may be refused. Check the substance "
            "against that state's list before asking."
        ),
    ),
)

ROUTE_REQUIREMENTS: tuple[RouteRule, ...] = (
    RequirementRule(
        "not_possible",
        _("Controlled delivery not possible"),
        when=answer_is("cd_possible", "no", "partly"),
        reason=_(
            "National law does not allow a controlled delivery here, or only in part: read "
            "the alternatives it offers and settle them before the route is fixed."
        ),
    ),
    RequirementRule(
        "formal_request_before",
        _("Formal request before the delivery"),
        when=answer_is("formal_request", "before"),
        reason=_(
            "The formal request must be sent, and answered, before the consignment enters "
            "this state; a police contact alone is not enough."
        ),
        also=(_where("request_channel"),),
    ),
    RequirementRule(
        "judicial_authorisation",
        _("Judicial authorisation"),
        when=answer_is("judicial_authorisation", "yes", "conditional"),
        reason=_(
            "A judge or another independent authority must authorise the delivery in this "
            "state: count its decision time into the plan."
        ),
        also=(_where("decision_time_normal"), _where("decision_time_urgent")),
    ),
    RequirementRule(
        "no_urgent_oral",
        _("Urgent oral requests not accepted"),
        when=answer_is("urgent_oral", "no"),
        reason=_("Even in an emergency this state needs the request in writing from the start."),
        also=(_where("decision_time_urgent"),),
    ),
    CommonLanguageRule(
        "no_common_language",
        _("No language in common"),
        languages=_where("languages"),
        reason=_(
            "The request must be translated into a language this state accepts: allow time "
            "for the translation."
        ),
        also=(_where("other_language_rule"),),
    ),
    RequirementRule(
        "tracking_authorisation",
        _("Tracking needs its own authorisation"),
        when=answer_is("tracking_authorisation", "yes", "conditional"),
        reason=_(
            "Placing a tracking device needs an authorisation of its own, besides the one for "
            "the delivery: ask for both."
        ),
    ),
    RequirementRule(
        "ministerial_notification",
        _("Ministerial notification"),
        when=answer_is("ministerial_notification", "yes", "conditional"),
        reason=_("The ministry must be notified before the delivery: allow for it in the plan."),
    ),
    RequirementRule(
        "double_criminality",
        _("Double criminality"),
        when=answer_is("double_criminality", "yes", "conditional"),
        reason=_(
            "The facts must be an offence in this state too: check that the substance is "
            "controlled there (new psychoactive substances often are not)."
        ),
    ),
    RequirementRule(
        "encryption",
        _("Encrypted or signed request"),
        when=answer_is("encryption_required", "yes", "conditional"),
        reason=_(
            "Send the request encrypted or with an electronic signature: an ordinary e-mail "
            "is not accepted."
        ),
    ),
    RequirementRule(
        "quantity_threshold",
        _("Minimum quantity"),
        when=answer_is("quantity_threshold", "yes", "conditional"),
        reason=_(
            "This state refuses a quantity it deems not significant: check the consignment "
            "is above its threshold, and state the quantity in the request."
        ),
    ),
    RequirementRule(
        "qualifying_offences",
        _("Only some offences qualify"),
        when=answer_is("qualifying_offences", "threshold", "extraditable"),
        reason=_(
            "A delivery is allowed here only for offences above a threshold or extraditable "
            "ones: name the offence and its penalty in the request."
        ),
    ),
    RequirementRule(
        "surveillance_secured",
        _("Surveillance secured in the next state"),
        when=answer_is("refusal_grounds", "surveillance_not_secured"),
        reason=_(
            "This state refuses when the surveillance is not secured beyond its border: get "
            "the next state's agreement to take over before asking."
        ),
        also=(_where("border_handover"),),
    ),
    RequirementRule(
        "risk_to_life",
        _("Risk to life"),
        when=answer_is("refusal_grounds", "risk_to_life", "entrapment"),
        reason=_(
            "This state refuses when persons are put at risk or the offence is incited: say "
            "in the request how the safety of everyone involved is ensured and that no one was "
            "incited."
        ),
        also=(_where("refusal_grounds"),),
    ),
    RequirementRule(
        "host_intervention",
        _("The host state may intervene at any time"),
        when=answer_is("host_intervention", "any_time"),
        reason=_(
            "This state may stop the delivery or take it over at any moment on its "
            "territory: agree beforehand with it what would make it intervene."
        ),
    ),
    ThirdStatesRule(
        "third_state_legs",
        _("Legs through third states"),
        when=answer_is("third_state_legs", "guarantees", "refused"),
        reason=_(
            "This state refuses, or wants guarantees for, legs through third states: obtain "
            "every transit state's written guarantee of surveillance, or change the route."
        ),
    ),
)

ROUTE_RULES: tuple[RouteRule, ...] = ROUTE_CONFLICTS + ROUTE_REQUIREMENTS
