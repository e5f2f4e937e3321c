"""Finding 5 (and 12, first part): audit entries never embed a person's name, e-mail address or
organisation, nor what was typed as a username; they refer to accounts by id, names are looked
up when read, and a forgotten person shows as the pseudonym."""

import importlib
import re

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import AccessRequest, User
from handbook.audit import audit_record
from handbook.models import AuditAction, AuditEntry
from tests.accounts.mailing import mail_sent
from tests.factories import CountryFactory, UserFactory

pytestmark = pytest.mark.django_db
NAME, ORG, EMAIL = "Greta Gone", "Gone Agency", "greta.gone@example.org"
MISTYPED = "hunter2-my-password"
SECRETS = ("Greta", "Gone Agency", "greta.gone", MISTYPED)


def audit_table_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM handbook_auditentry")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def _greta_goes_through_everything(secretariat_client) -> User:
    CountryFactory(code="ES")
    with mail_sent():
        Client().post(
            reverse("accounts:request_access"),
            {
                "full_name": NAME,
                "organisation": ORG,
                "state": "ES",
                "function": "Inspector",
                "email": EMAIL,
                "role": "correspondent",
                "reason": "I keep the Spanish profile.",
                "states": ["ES"],
            },
        )
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    Client().post(link.replace("http://testserver", ""))
    access_request = AccessRequest.objects.get()
    secretariat_client.post(
        reverse("accounts:request_decide", args=[access_request.pk]),
        {
            "decision": "approve",
            "role": "correspondent",
            "states": ["ES"],
            "access_expires": "2099-01-01",
        },
    )
    greta = User.objects.get(email=EMAIL)
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(6):
        attacker.post(reverse("accounts:login"), {"username": EMAIL, "password": "wrong!" * 3})
    Client().post(reverse("accounts:login"), {"username": MISTYPED, "password": "x" * 12})
    secretariat_client.get(reverse("audit_csv"), {"user": "greta"})
    url = reverse("accounts:user_manage", args=[greta.pk])
    secretariat_client.post(url, {"action": "role", "role": "correspondent", "states": []})
    secretariat_client.get(reverse("accounts:users"))  # shows (and so drops) the flash messages
    return greta


def test_entries_refer_to_people_by_id_only(secretariat_client):
    greta = _greta_goes_through_everything(secretariat_client)
    text = audit_table_text()
    assert [secret for secret in SECRETS if secret.lower() in text.lower()] == []
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        AuditAction.REQUEST_SUBMITTED,
        AuditAction.REQUEST_APPROVED,
        AuditAction.STATE_GRANTED,
        AuditAction.STATE_WITHDRAWN,
        AuditAction.LOGIN_FAILURE,
        AuditAction.LOCKOUT,
    } <= actions
    failures = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILURE)
    assert {(e.target_id, e.detail) for e in failures} == {
        (str(greta.pk), "username tried: the target account"),
        ("", "username tried: unknown"),
    }
    # read: the names are looked up now
    page = secretariat_client.get(reverse("audit")).content.decode()
    assert NAME in page


def test_a_forgotten_person_shows_as_the_pseudonym_everywhere(secretariat_client):
    greta = _greta_goes_through_everything(secretariat_client)
    count = AuditEntry.objects.count()
    call_command("forget_person", EMAIL)
    assert AuditEntry.objects.count() == count + 1  # appended, nothing rewritten
    page = secretariat_client.get(reverse("audit")).content.decode()
    csv = b"".join(secretariat_client.get(reverse("audit_csv")).streaming_content).decode()
    for shown in (page, csv, audit_table_text()):
        assert [secret for secret in SECRETS if secret.lower() in shown.lower()] == []
    assert f"Forgotten person {greta.pk}" in page and f"Forgotten person {greta.pk}" in csv
    assert not AccessRequest.objects.exists()
    assert not AccessAttempt.objects.filter(username=EMAIL).exists()
    admin_log = apps.get_model("admin", "LogEntry").objects.values_list("object_repr", flat=True)
    assert not [r for r in admin_log if "Greta" in r]


def test_the_one_time_migration_rewrites_old_entries_and_keeps_the_log_append_only():
    person = UserFactory(username="ana@example.org")
    old = [
        audit_record(action=AuditAction.LOGIN_FAILURE, detail="username tried: ana@example.org"),
        audit_record(action=AuditAction.LOCKOUT, detail="username tried: s3cret-typo"),
        audit_record(action=AuditAction.REQUEST_SUBMITTED, detail="nominated by ana@example.org"),
        audit_record(action=AuditAction.STATE_GRANTED, detail="FR granted to ana@example.org"),
        audit_record(
            action=AuditAction.STATE_WITHDRAWN, detail="FR withdrawn from ana@example.org"
        ),
        audit_record(
            action=AuditAction.DATA_EXPORTED,
            detail="audit log CSV, 3 entries, filters: user=ana&action=login.failure",
        ),
        audit_record(action=AuditAction.LOGIN_SUCCESS, detail="password step"),
    ]
    migration = importlib.import_module("handbook.migrations.0005_audit_refer_by_id")
    with connection.schema_editor() as editor:
        migration.scrub(apps, editor)
    rows = {e.pk: e for e in AuditEntry.objects.all()}
    assert [(rows[e.pk].target_id, rows[e.pk].detail) for e in old] == [
        (str(person.pk), "username tried: the target account"),
        ("", "username tried: unknown"),
        ("", "nominated"),
        ("", "FR granted"),
        ("", "FR withdrawn"),
        ("", "audit log CSV, 3 entries, filters: user&action=login.failure"),
        ("", "password step"),
    ]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=old[0].pk).update(detail="changed")
