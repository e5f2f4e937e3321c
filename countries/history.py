"""Reading the version history: field-by-field differences with the schema's labels."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import lazy
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import schema
from .models import Contact, ContactRole, Country, Profile, SecureChannel, language_name
from .schema import shows_typed_text

LANGUAGE_COLUMN = "content_language"  # the language the profile's answers are written in


def _normal(value: Any) -> Any:
    """Compare as a reader would: empty is empty, and a list's order is not a change."""
    if value in (None, "", [], ()):
        return None
    if isinstance(value, list | tuple):
        return tuple(sorted(map(str, value)))
    return value


def same_value(a: Any, b: Any) -> bool:
    return _normal(a) == _normal(b)


@dataclass(frozen=True)
class Change:
    label: str
    section: str
    before: str
    after: str
    yours: str = ""  # in a conflict: what this person typed for the same field
    column: str = ""
    # The language of `before`, `after` and `yours` where they are text as people wrote it
    # (for a `lang` attribute); "" where they are the portal's own words (options, "Not known").
    before_lang: str = ""
    after_lang: str = ""
    yours_lang: str = ""

    @property
    def clash(self) -> bool:
        return bool(self.column) and self.yours != ""


@dataclass(frozen=True)
class Column:
    """How one stored column reads to a person: its section, its label, its value as text."""

    section: str
    label: str
    text: Callable[[Any], str]
    typed: bool = False  # its values are text as people wrote it, in the entry's language


def content_language_of(record: Any, default: str = "") -> str:
    """The language a profile (or one of its versions) is written in; `default` for a record
    that does not say (a contact point: its state's language)."""
    return getattr(record, LANGUAGE_COLUMN, "") or default


def _plain(value: Any) -> str:
    return strip_tags(value or "").strip() or "—"


def _source(value: Any) -> str:
    """A note's Markdown as its author typed it (shown escaped), so a diff shows the source."""
    return (value or "").strip() or "—"


def _answer_text(question: schema.Question, record: Any) -> tuple[str, str]:
    """The answer as one line of text, and its language if it is text as written."""
    if record is None:
        return gettext("Not known"), ""
    answer = question.answer(record)
    lang = content_language_of(record) if answer.known and shows_typed_text(question) else ""
    if answer.condition:
        return f"{answer.text} ({answer.condition})", lang
    return answer.text, lang


class _Only:
    """A record holding one answer, for reading a single column through the schema."""

    def __init__(self, question: schema.Question, value: Any):
        setattr(self, question.key, value)
        if question.condition:
            setattr(self, question.condition_key, "")


def _question_text(question: schema.Question) -> Callable[[Any], str]:
    if question.kind is schema.CONTACT:
        return lambda value: _contact_answer_text(question, value)
    return lambda value: question.answer(_Only(question, value)).text


def _contact_answer_text(question: schema.Question, pk: int | None) -> str:
    """A bare contact id as the answer reads: the contact point it names, if still recorded."""
    if pk is None:
        return schema.NOT_KNOWN.text
    contact = Contact.objects.filter(pk=pk).first() or schema.REMOVED
    return question.kind.display(question, contact, "").text


def _condition_label(question_label: str) -> str:
    return gettext("%(question)s: condition or detail") % {"question": question_label}


_condition_label_lazy = lazy(_condition_label, str)


LANGUAGE_LABEL = _("Language these answers are written in")


def _profile_columns() -> dict[str, Column]:
    found = {LANGUAGE_COLUMN: Column("", LANGUAGE_LABEL, language_name)}
    for section in schema.SECTIONS:
        for question in section.questions:
            found[question.key] = Column(
                section.title,
                question.label,
                _question_text(question),
                typed=shows_typed_text(question),
            )
            if question.condition:
                label = _condition_label_lazy(question.label)
                found[question.condition_key] = Column(section.title, label, _plain, typed=True)
        found[section.note_key] = Column(section.title, _("Note"), _source, typed=True)
    return found


def _labels(choices) -> Callable[[Any], str]:
    names = dict(choices)
    return lambda values: ", ".join(str(names.get(v, v)) for v in values or []) or "—"


def _contact_text(field: str) -> Callable[[Any], str]:
    if field == "role":
        return lambda value: str(ContactRole(value).label) if value in ContactRole else value
    if field == "languages":
        return _labels(schema.LANGUAGE_CHOICES)
    if field == "secure_channels":
        return _labels(SecureChannel.choices)
    if field == "available_24_7":
        return lambda value: gettext("Yes") if value else gettext("No")
    return lambda value: str(value or "").strip() or "—"


# What people write in a contact point (the other fields are codes, or the portal's own words).
CONTACT_TYPED_FIELDS = ("organisation", "unit", "function", "name", "hours")
CONTACT_LABELS = {  # as the contact form names them
    "role": _("Role"),
    "organisation": _("Organisation"),
    "unit": _("Unit"),
    "function": _("Function"),
    "name": _("Name (optional)"),
    "languages": _("Languages"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "secure_channels": _("Secure channels"),
    "available_24_7": _("Available 24/7"),
    "hours": _("Hours"),
}

PROFILE_COLUMNS = _profile_columns()
CONTACT_COLUMNS = {
    field: Column(
        "",
        CONTACT_LABELS[field],
        _contact_text(field),
        typed=field in CONTACT_TYPED_FIELDS,
    )
    for field in Contact.CONTENT_FIELDS
}


def column_changes(
    columns: dict[str, Column],
    before: Any,
    after: Any,
    *,
    mine: dict[str, Any] | None = None,
    lang: str = "",
) -> list[Change]:
    """Each column that differs between two records, as text; with `mine`, what this person
    typed for the columns they changed too (a conflict). `lang` is the language of what people
    wrote in records that do not say it themselves (contact points: their state's)."""
    langs = {"before": content_language_of(before, lang), "after": content_language_of(after, lang)}
    langs["yours"] = (mine or {}).get(LANGUAGE_COLUMN) or langs["after"]
    changes = []
    for name, column in columns.items():
        old, new = getattr(before, name, None), getattr(after, name, None)
        if same_value(old, new):
            continue
        yours = column.text(mine[name]) if mine and name in mine else ""

        def lang_of(value: Any, which: str, column: Column = column) -> str:
            return langs[which] if column.typed and not same_value(value, None) else ""

        changes.append(
            Change(
                column.label,
                column.section,
                column.text(old),
                column.text(new),
                yours,
                name,
                before_lang=lang_of(old, "before"),
                after_lang=lang_of(new, "after"),
                yours_lang=lang_of(mine.get(name) if mine else None, "yours"),
            )
        )
    return changes


def profile_changes(before: Any, after: Any) -> list[Change]:
    """What differs between two versions (a historical record, a profile, or None)."""
    changes = []
    old_language = content_language_of(before) if before is not None else None
    new_language = content_language_of(after) if after is not None else None
    if old_language and new_language and old_language != new_language:
        old, new = language_name(old_language), language_name(new_language)
        changes.append(Change(LANGUAGE_LABEL, "", old, new, column=LANGUAGE_COLUMN))
    for section in schema.SECTIONS:
        for question in section.questions:
            (old, old_lang), (new, new_lang) = (
                _answer_text(question, before),
                _answer_text(question, after),
            )
            if old != new:
                changes.append(
                    Change(
                        question.label,
                        section.title,
                        old,
                        new,
                        before_lang=old_lang,
                        after_lang=new_lang,
                    )
                )
        old_note = getattr(before, section.note_key, "") if before is not None else ""
        new_note = getattr(after, section.note_key, "") if after is not None else ""
        if old_note != new_note:  # shown as text: notes are stored as sanitised HTML
            changes.append(
                Change(
                    _("Note"),
                    section.title,
                    _plain(old_note),
                    _plain(new_note),
                    before_lang=content_language_of(before) if old_note else "",
                    after_lang=content_language_of(after) if new_note else "",
                )
            )
    return changes


def profile_record(country: Country, version: int):
    """The latest historical record holding `version` of a country's profile; before the first
    version (0), a new profile as it starts, so that its defaults read as unchanged."""
    record = Profile.history.filter(country=country, version=version)
    return record.order_by("-history_id").first() or (
        Profile(country=country) if version == 0 else None
    )


def contact_record(contact: Contact, version: int):
    """The latest historical record holding `version` of a contact point, if any."""
    return contact.history.filter(version=version).order_by("-history_id").first()


def contact_changes(before: Any, after: Any, *, lang: str = "") -> list[Change]:
    """The contact fields that differ between two records, before and after; `lang` is the
    language their state's entry is written in."""
    if before is None or after is None:
        return []
    return column_changes(CONTACT_COLUMNS, before, after, lang=lang)
