"""Domain writes for profiles and contact points.

Every write is one transaction, recorded as a new version with who and why. The caller says
which version the person opened (`expected_version`). When someone saved meanwhile, only what
this person changed since that version is applied, on top of the current one; where both changed
the same field, nothing is saved and `EditConflict` names the fields for the person to choose.
An edit never puts back a value its author did not touch.
"""

import re
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Role, User
from handbook.audit import audit_record
from handbook.models import AuditAction

from . import schema
from .access import EDIT_PERMISSION
from .history import LANGUAGE_COLUMN, contact_record, profile_record, same_value
from .models import Contact, Country, Profile, Versioned, content_language_valid
from .notes import render_note
from .search_index import search_index_country
from .signals import version_saved

# The portal's own reasons: stored in English, shown in the reader's language (history_reason).
CONFIRM_REASON = gettext_noop("Confirmed as current")
REVERT_REASON = gettext_noop("Reverted to version %(version)s: %(reason)s")
REVERTED = re.compile(r"Reverted to version (?P<version>\d+): (?P<reason>.*)", re.DOTALL)


class StaleEditError(Exception):
    """Someone saved a newer version since the form was opened."""

    def __init__(self, current: Versioned):
        super().__init__("The record was changed by someone else.")
        self.current = current


class EditConflict(StaleEditError):
    """Both this person and someone who saved meanwhile changed the same fields."""

    def __init__(self, current: Versioned, *, base: Any, mine: dict[str, Any], clashes: list[str]):
        super().__init__(current)
        self.base = base  # the version this person opened (a historical record, or None)
        self.mine = mine  # what this person changed since then
        self.clashes = clashes  # the fields changed both ways, to choose between


def edit_delta(changes: dict[str, Any], base: Any) -> dict[str, Any]:
    """The fields of `changes` that differ from `base` (the version the person opened)."""
    return {
        column: value
        for column, value in changes.items()
        if not same_value(value, getattr(base, column, None))
    }


def rebase_changes(
    obj: Versioned, changes: dict[str, Any], *, expected_version: int, base_of
) -> dict:
    """What to apply to `obj`: all of `changes` if nobody saved meanwhile, else only this
    person's own changes since the version they opened (`base_of()`), provided nobody else
    changed those fields differently."""
    if obj.version == expected_version:
        return changes
    base = base_of()
    mine = edit_delta(changes, base)
    clashes = [
        column
        for column, value in mine.items()
        if not same_value(getattr(obj, column), getattr(base, column, None))
        and not same_value(getattr(obj, column), value)
    ]
    if clashes:
        raise EditConflict(obj, base=base, mine=mine, clashes=clashes)
    return mine


def check_version(obj: Versioned, expected_version: int) -> None:
    if obj.version != expected_version:
        raise StaleEditError(obj)


def save_version(obj: Versioned, *, by: User, reason: str) -> None:
    if not reason.strip():
        raise ValueError("A reason is required for every change.")
    obj.version += 1
    obj.updated_at = timezone.now()
    obj.updated_by = by
    obj._history_user = by
    obj._change_reason = reason.strip()
    obj.save()


def _save_entry_version(
    obj: Profile | Contact, *, country: Country, columns: list[str], by: User, reason: str
) -> None:
    """Save a profile or a contact point as a new version, then tell the apps above (the
    readers' reports it answers close, in this transaction)."""
    save_version(obj, by=by, reason=reason)
    version_saved.send(sender=type(obj), country=country, record=obj, columns=tuple(columns), by=by)


def _locked_profile(country: Country) -> Profile:
    profile = Profile.objects.select_for_update().filter(country=country).first()
    return profile or Profile(country=country)


def _check_contacts_of(country: Country, changes: dict[str, Any]) -> None:
    """An answer may name only a contact point of the same state."""
    named = {
        value
        for column, value in changes.items()
        if column in schema.QUESTIONS and schema.QUESTIONS[column].kind is schema.CONTACT
        if value is not None
    }
    foreign = named - set(country.contacts.filter(pk__in=named).values_list("pk", flat=True))
    if foreign:
        raise schema.InvalidAnswer(f"Not a contact point of {country.name}: {sorted(foreign)}")


def _validate_profile_changes(changes: dict[str, Any]) -> None:
    """The schema's content, and the language it is written in (a participating language)."""
    if LANGUAGE_COLUMN in changes and not content_language_valid(changes[LANGUAGE_COLUMN]):
        raise schema.InvalidAnswer(f"Not a participating language: {changes[LANGUAGE_COLUMN]!r}")
    schema.validate_changes({c: v for c, v in changes.items() if c != LANGUAGE_COLUMN})


@transaction.atomic
def profile_update(
    *, country: Country, changes: dict[str, Any], expected_version: int, by: User, reason: str
) -> Profile:
    _validate_profile_changes(changes)  # refuses a column or an option the schema lacks
    _check_contacts_of(country, changes)
    profile = _locked_profile(country)
    changes = rebase_changes(
        profile,
        changes,
        expected_version=expected_version,
        base_of=lambda: profile_record(country, expected_version),
    )
    for column, value in changes.items():
        setattr(profile, column, value)
        if column in schema.NOTE_HTML_COLUMNS:  # a note's HTML is made once, when it is saved
            setattr(profile, schema.NOTE_HTML_COLUMNS[column], render_note(value))
    _save_entry_version(profile, country=country, columns=list(changes), by=by, reason=reason)
    search_index_country(country)
    return profile


@transaction.atomic
def profile_revert(
    *, country: Country, record_id: int, expected_version: int, by: User, reason: str
) -> Profile:
    """Restore the content of an earlier version as a new version: history is never rewritten."""
    profile = _locked_profile(country)
    check_version(profile, expected_version)
    record = Profile.history.get(country=country, history_id=record_id)
    changed = [
        column
        for column in schema.CONTENT_COLUMNS
        if not same_value(getattr(profile, column), getattr(record, column))
    ]
    # The answers come back in the language they were written in.
    for column in [*schema.CONTENT_COLUMNS, *schema.NOTE_HTML_COLUMNS.values(), LANGUAGE_COLUMN]:
        setattr(profile, column, getattr(record, column))
    _save_entry_version(
        profile,
        country=country,
        columns=changed,
        by=by,
        reason=REVERT_REASON % {"version": record.version, "reason": reason.strip()},
    )
    search_index_country(country)
    return profile


@transaction.atomic
def profile_confirm(*, country: Country, by: User, request: HttpRequest | None = None) -> Profile:
    """Record that the profile is current, without changing its content or its version."""
    profile = Profile.objects.select_for_update().get(country=country)
    profile.confirmed_at = timezone.now()
    profile.confirmed_by = by
    profile._history_user = by
    profile._change_reason = CONFIRM_REASON
    profile.save()
    audit_record(
        action=AuditAction.PROFILE_CONFIRMED,
        actor=by,
        request=request,
        target=profile,
        country=country.code.code,
    )
    return profile


@transaction.atomic
def contact_create(*, country: Country, data: dict[str, Any], by: User, reason: str) -> Contact:
    contact = Contact(country=country, **data)
    _save_entry_version(contact, country=country, columns=list(data), by=by, reason=reason)
    search_index_country(country)
    return contact


@transaction.atomic
def contact_update(
    *, contact: Contact, changes: dict[str, Any], expected_version: int, by: User, reason: str
) -> Contact:
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    changes = rebase_changes(
        locked,
        changes,
        expected_version=expected_version,
        base_of=lambda: contact_record(locked, expected_version),
    )
    for field, value in changes.items():
        setattr(locked, field, value)
    _save_entry_version(locked, country=locked.country, columns=list(changes), by=by, reason=reason)
    search_index_country(locked.country)
    return locked


@transaction.atomic
def contact_delete(*, contact: Contact, expected_version: int, by: User, reason: str) -> None:
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    check_version(locked, expected_version)
    locked._history_user = by
    locked._change_reason = reason.strip()
    locked.delete()
    search_index_country(locked.country)


@transaction.atomic
def correspondent_grant(
    *, country: Country, user: User, by: User, request: HttpRequest | None = None
) -> None:
    """Let a national correspondent change `country` (audited)."""
    if user.role != Role.CORRESPONDENT:
        raise ValueError("Only national correspondents can be granted a state.")
    assign_perm(EDIT_PERMISSION, user, country)
    audit_record(
        action=AuditAction.STATE_GRANTED,
        actor=by,
        request=request,
        target=user,
        country=country.code.code,
        detail=f"{country.code.code} granted",
    )


@transaction.atomic
def correspondent_withdraw(
    *, country: Country, user: User, by: User, request: HttpRequest | None = None
) -> None:
    """Take away a correspondent's right to change `country` (audited)."""
    remove_perm(EDIT_PERMISSION, user, country)
    audit_record(
        action=AuditAction.STATE_WITHDRAWN,
        actor=by,
        request=request,
        target=user,
        country=country.code.code,
        detail=f"{country.code.code} withdrawn",
    )
