"""Reading the version history: field-by-field differences with the schema's labels."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.html import strip_tags

from . import schema
from .models import Contact, ContactRole, Country, Profile, SecureChannel


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

    @property
    def clash(self) -> bool:
        return bool(self.column) and self.yours != ""


@dataclass(frozen=True)
class Column:
    """How one stored column reads to a person: its section, its label, its value as text."""

    section: str
    label: str
    text: Callable[[Any], str]


def _plain(value: Any) -> str:
    return strip_tags(value or "").strip() or "—"


def _source(value: Any) -> str:
    """A note's Markdown as its author typed it (shown escaped), so a diff shows the source."""
    return (value or "").strip() or "—"


def _answer_text(question: schema.Question, record: Any) -> str:
    if record is None:
        return "Not known"
    answer = question.answer(record)
    return f"{answer.text} ({answer.condition})" if answer.condition else answer.text


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


def _profile_columns() -> dict[str, Column]:
    found = {}
    for section in schema.SECTIONS:
        for question in section.questions:
            found[question.key] = Column(section.title, question.label, _question_text(question))
            if question.condition:
                label = f"{question.label}: condition or detail"
                found[question.condition_key] = Column(section.title, label, _plain)
        found[section.note_key] = Column(section.title, "Note", _source)
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
        return lambda value: "Yes" if value else "No"
    return lambda value: str(value or "").strip() or "—"


PROFILE_COLUMNS = _profile_columns()
CONTACT_COLUMNS = {
    field: Column(
        "", str(Contact._meta.get_field(field).verbose_name).capitalize(), _contact_text(field)
    )
    for field in Contact.CONTENT_FIELDS
}


def column_changes(
    columns: dict[str, Column], before: Any, after: Any, *, mine: dict[str, Any] | None = None
) -> list[Change]:
    """Each column that differs between two records, as text; with `mine`, what this person
    typed for the columns they changed too (a conflict)."""
    changes = []
    for name, column in columns.items():
        old, new = getattr(before, name, None), getattr(after, name, None)
        if same_value(old, new):
            continue
        yours = column.text(mine[name]) if mine and name in mine else ""
        changes.append(
            Change(column.label, column.section, column.text(old), column.text(new), yours, name)
        )
    return changes


def profile_changes(before: Any, after: Any) -> list[Change]:
    """What differs between two versions (a historical record, a profile, or None)."""
    changes = []
    for section in schema.SECTIONS:
        for question in section.questions:
            old, new = _answer_text(question, before), _answer_text(question, after)
            if old != new:
                changes.append(Change(question.label, section.title, old, new))
        old_note = getattr(before, section.note_key, "") if before is not None else ""
        new_note = getattr(after, section.note_key, "") if after is not None else ""
        if old_note != new_note:  # shown as text: notes are stored as sanitised HTML
            changes.append(Change("Note", section.title, _plain(old_note), _plain(new_note)))
    return changes


def profile_record(country: Country, version: int):
    """The latest historical record holding `version` of a country's profile, if any."""
    return Profile.history.filter(country=country, version=version).order_by("-history_id").first()


def contact_record(contact: Contact, version: int):
    """The latest historical record holding `version` of a contact point, if any."""
    return contact.history.filter(version=version).order_by("-history_id").first()


def contact_changes(before: Any, after: Any) -> list[Change]:
    """The contact fields that differ between two records, before and after."""
    if before is None or after is None:
        return []
    return column_changes(CONTACT_COLUMNS, before, after)
