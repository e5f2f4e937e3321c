"""Finding 12: rejected and unconfirmed access requests are deleted after 12 months by a
scheduled command, and the deletion is audited without naming anyone."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AccessRequest, RequestStatus
from handbook.models import AuditAction, AuditEntry
from tests.factories import AccessRequestFactory

pytestmark = pytest.mark.django_db


def _request(status, *, age_days, decided_days=None, email):
    now = timezone.now()
    return AccessRequestFactory(
        email=email,
        status=status,
        confirmed_at=None,
        submitted_at=now - timedelta(days=age_days),
        decided_at=now - timedelta(days=decided_days) if decided_days is not None else None,
    )


def test_old_rejected_and_unconfirmed_requests_are_deleted(capsys):
    gone = [
        _request(RequestStatus.REJECTED, age_days=400, decided_days=370, email="a@example.org"),
        _request(RequestStatus.UNCONFIRMED, age_days=370, email="b@example.org"),
    ]
    kept = [
        _request(RequestStatus.REJECTED, age_days=400, decided_days=300, email="c@example.org"),
        _request(RequestStatus.UNCONFIRMED, age_days=300, email="d@example.org"),
        _request(RequestStatus.PENDING, age_days=400, email="e@example.org"),
        _request(RequestStatus.APPROVED, age_days=400, decided_days=390, email="f@example.org"),
    ]
    call_command("delete_old_requests")
    assert capsys.readouterr().out.strip() == "Old access requests deleted: 2."
    remaining = set(AccessRequest.objects.values_list("pk", flat=True))
    assert remaining == {r.pk for r in kept} and not remaining & {r.pk for r in gone}
    entry = AuditEntry.objects.get(action=AuditAction.REQUESTS_DELETED)
    assert entry.detail.startswith("2 ") and "Applicant" not in entry.detail
    call_command("delete_old_requests")
    assert AuditEntry.objects.filter(action=AuditAction.REQUESTS_DELETED).count() == 1
