"""Domain writes for instruments, parties and declarations: the secretariat's alone.

Each write is one transaction: a new version in the history with who and why, and an entry in
the audit log. Edits are conflict-safe like the profile's: the caller says which version the
person opened, and only what they changed since is applied on top of a newer one (or
countries.services.EditConflict names the fields both changed).
"""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from accounts.models import User
from countries.access import require_legal_editor
from countries.models import Country, content_language_valid
from countries.services import check_version, rebase_changes, save_version
from handbook.audit import audit_record
from handbook.models import AuditAction

from .history import declaration_record, instrument_record, party_record
from .models import CHECKED, Declaration, Instrument, Party, PartyStatus

INSTRUMENT_FIELDS = (
    "title",
    "short_title",
    "article",
    "kind",
    "scope",
    "text_url",
    "status_url",
    "note",
    "order",
    "content_language",
    "title_fr",
    "short_title_fr",
)


class LegalDataError(ValueError):
    """A record the legal basis cannot hold (e.g. a checked status without its source)."""


def _audit(*, by: User, target, country: str = "", detail: str, request) -> None:
    audit_record(
        action=AuditAction.LEGAL_CHANGED,
        actor=by,
        request=request,
        target=target,
        country=country,
        detail=detail,
    )


def _check_language(instrument: Instrument) -> None:
    if not content_language_valid(instrument.content_language):
        raise LegalDataError(gettext("Choose the language the record is written in."))


def _check_party(party: Party) -> None:
    if party.status in CHECKED and not party.source_url:
        raise LegalDataError(
            gettext(
                "Give the source of a checked status (party or not a party): a link to the "
                "treaty office, the official journal or the depositary's list."
            )
        )
    if party.status not in PartyStatus.values:
        raise LegalDataError(gettext("Choose a status."))


@transaction.atomic
def instrument_create(
    *, data: dict[str, Any], by: User, reason: str, request: HttpRequest | None = None
) -> Instrument:
    """A new instrument, e.g. a bilateral agreement the secretariat adds."""
    require_legal_editor(by)
    instrument = Instrument(
        code=data["code"], **{k: data[k] for k in INSTRUMENT_FIELDS if k in data}
    )
    _check_language(instrument)
    save_version(instrument, by=by, reason=reason)
    _audit(by=by, target=instrument, detail=f"instrument {instrument.code} added", request=request)
    return instrument


@transaction.atomic
def instrument_update(
    *,
    instrument: Instrument,
    changes: dict[str, Any],
    expected_version: int,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Instrument:
    require_legal_editor(by)
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    changes = rebase_changes(
        locked,
        {k: v for k, v in changes.items() if k in INSTRUMENT_FIELDS},
        expected_version=expected_version,
        base_of=lambda: instrument_record(locked, expected_version),
    )
    for field, value in changes.items():
        setattr(locked, field, value)
    _check_language(locked)
    save_version(locked, by=by, reason=reason)
    _audit(
        by=by,
        target=locked,
        detail=f"instrument {locked.code} changed: {', '.join(sorted(changes))}",
        request=request,
    )
    return locked


@transaction.atomic
def party_save(
    *,
    instrument: Instrument,
    country: Country,
    changes: dict[str, Any],
    expected_version: int,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Party:
    """Record or correct one state's standing under one instrument (version 0: none yet)."""
    require_legal_editor(by)
    party = Party.objects.select_for_update().filter(
        instrument=instrument, country=country
    ).first() or Party(instrument=instrument, country=country)
    changes = rebase_changes(
        party,
        {k: v for k, v in changes.items() if k in Party.CONTENT_FIELDS},
        expected_version=expected_version,
        base_of=lambda: party_record(party, expected_version),
    )
    for field, value in changes.items():
        setattr(party, field, value)
    _check_party(party)
    save_version(party, by=by, reason=reason)
    _audit(
        by=by,
        target=party,
        country=country.code.code,
        detail=f"{instrument.code}: {party.status}",
        request=request,
    )
    return party


def _check_declaration(declaration: Declaration) -> None:
    if not declaration.text.strip():
        raise LegalDataError(gettext("Say what the reservation or declaration says."))
    if not declaration.source_url:
        raise LegalDataError(gettext("Give the source of the reservation or declaration."))


@transaction.atomic
def declaration_add(
    *,
    party: Party,
    data: dict[str, Any],
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Declaration:
    require_legal_editor(by)
    declaration = Declaration(
        party=party, **{k: data[k] for k in Declaration.CONTENT_FIELDS if k in data}
    )
    _check_declaration(declaration)
    save_version(declaration, by=by, reason=reason)
    _audit(
        by=by,
        target=declaration,
        country=party.country.code.code,
        detail=f"{party.instrument.code}: {declaration.kind} added",
        request=request,
    )
    return declaration


@transaction.atomic
def declaration_update(
    *,
    declaration: Declaration,
    changes: dict[str, Any],
    expected_version: int,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Declaration:
    require_legal_editor(by)
    locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
    changes = rebase_changes(
        locked,
        {k: v for k, v in changes.items() if k in Declaration.CONTENT_FIELDS},
        expected_version=expected_version,
        base_of=lambda: declaration_record(locked, expected_version),
    )
    for field, value in changes.items():
        setattr(locked, field, value)
    _check_declaration(locked)
    save_version(locked, by=by, reason=reason)
    _audit(
        by=by,
        target=locked,
        country=locked.party.country.code.code,
        detail=f"{locked.party.instrument.code}: {locked.kind} changed",
        request=request,
    )
    return locked


@transaction.atomic
def declaration_delete(
    *,
    declaration: Declaration,
    expected_version: int,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    require_legal_editor(by)
    locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
    check_version(locked, expected_version)
    if not reason.strip():
        raise ValueError(gettext("A reason is required for every change."))
    _audit(
        by=by,
        target=locked,
        country=locked.party.country.code.code,
        detail=f"{locked.party.instrument.code}: {locked.kind} removed",
        request=request,
    )
    locked._history_user = by
    locked._change_reason = reason.strip()
    locked.delete()
