"""Reading the version history: field-by-field differences with the schema's labels."""

from dataclasses import dataclass
from typing import Any

from . import schema
from .models import Contact, Country, Profile

CONTACT_LABELS = {
    field.name: str(field.verbose_name).capitalize()
    for field in Contact._meta.get_fields()
    if getattr(field, "verbose_name", None)
}


@dataclass(frozen=True)
class Change:
    label: str
    section: str
    before: str
    after: str


def _answer_text(question: schema.Question, record: Any) -> str:
    if record is None:
        return "Not known"
    answer = question.answer(record)
    return f"{answer.text} ({answer.condition})" if answer.condition else answer.text


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
        if old_note != new_note:
            changes.append(Change("Note", section.title, old_note, new_note))
    return changes


def profile_record(country: Country, version: int):
    """The latest historical record holding `version` of a country's profile, if any."""
    return Profile.history.filter(country=country, version=version).order_by("-history_id").first()


def contact_changes(before: Any, after: Any) -> list[str]:
    """Labels of the contact fields that differ between two records."""
    if before is None or after is None:
        return []
    return [
        CONTACT_LABELS[f] for f in Contact.CONTENT_FIELDS if getattr(before, f) != getattr(after, f)
    ]
