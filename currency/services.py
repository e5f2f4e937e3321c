"""Domain writes that keep the handbook current.

Test calls: each call of a 24/7 number is logged; the contact keeps the date of the latest call
that reached someone (what every page shows) and, while the latest call failed, its date, so
readers are warned at once.
"""

from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from countries.models import Contact
from handbook.audit import audit_record
from handbook.models import AuditAction

from .models import ContactTestCall


def _after(day: date, other: date | None) -> bool:
    return other is None or day > other


@transaction.atomic
def contact_test_call_record(
    *,
    contact: Contact,
    called_on: date,
    reached: bool,
    note: str,
    by: User,
    request: HttpRequest | None = None,
) -> ContactTestCall:
    """Log a test call of a 24/7 number and update what pages show about it (audited)."""
    if called_on > timezone.localdate():
        raise ValueError("A test call cannot be in the future.")
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if not locked.available_24_7:
        raise ValueError("Test calls are logged for 24/7 numbers only.")
    call = ContactTestCall.objects.create(
        contact=locked, called_on=called_on, reached=reached, note=note.strip(), by=by
    )
    if reached:
        if not _after(locked.last_test_call or called_on, called_on):
            locked.last_test_call = called_on
        if locked.last_test_call_failed_on and locked.last_test_call_failed_on <= called_on:
            locked.last_test_call_failed_on = None
    elif _after(called_on, locked.last_test_call) and _after(
        called_on, locked.last_test_call_failed_on
    ):
        locked.last_test_call_failed_on = called_on
    locked._history_user = by
    locked._change_reason = f"Test call on {called_on:%Y-%m-%d}: " + (
        "reached someone" if reached else "no one answered"
    )
    locked.save(update_fields=["last_test_call", "last_test_call_failed_on"])
    audit_record(
        action=AuditAction.TEST_CALL_RECORDED,
        actor=by,
        request=request,
        target=locked,
        country=locked.country.code.code,
        detail=f"{called_on:%Y-%m-%d} {'reached' if reached else 'not reached'}",
    )
    return call
