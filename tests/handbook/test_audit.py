"""The append-only audit log: each listed action writes one entry with the right actor."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.services import totp_current_code
from handbook.audit import audit_record
from handbook.models import AuditAction, AuditEntry
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN, VERIFY = reverse("accounts:login"), reverse("accounts:verify")


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", "actor__username"))


def test_login_success_otp_failure_and_backup_code_are_recorded():
    user = UserFactory(username="ana")
    device = TOTPDeviceFactory(user=user)
    StaticToken.objects.create(device=StaticDevice.objects.create(user=user), token="abcd2345")
    client = Client()
    client.post(LOGIN, {"username": "ana", "password": PASSWORD})
    client.post(VERIFY, {"token": "000000" if totp_current_code(device) != "000000" else "111111"})
    client.post(VERIFY, {"token": "abcd2345"})
    assert actions() == [
        (AuditAction.LOGIN_SUCCESS, "ana"),
        (AuditAction.OTP_FAILURE, "ana"),
        (AuditAction.BACKUP_CODE_USED, "ana"),
    ]
    assert AuditEntry.objects.first().ip_address == "127.0.0.1"


def test_login_failure_and_lockout_are_recorded_without_the_password():
    UserFactory(username="bob")
    client = Client()
    for _ in range(5):
        client.post(LOGIN, {"username": "bob", "password": "s3cret-wrong-pw"})
    client.post(LOGIN, {"username": "bob", "password": "s3cret-wrong-pw"})
    recorded = [a for a, _ in actions()]
    assert recorded.count(AuditAction.LOGIN_FAILURE) == 6  # one per attempt, the refused one too
    # one when the lock engages (fifth failure), one for the attempt refused while locked
    assert recorded.count(AuditAction.LOCKOUT) == 2
    assert recorded.index(AuditAction.LOCKOUT) == 4
    assert not AuditEntry.objects.filter(detail__contains="s3cret").exists()


def test_enrolment_is_recorded(client):
    from binascii import unhexlify

    from django_otp.oath import TOTP

    from accounts.views import ENROL_KEY_SESSION

    user = UserFactory(username="cleo")
    client.post(LOGIN, {"username": "cleo", "password": PASSWORD})
    client.get(reverse("accounts:enrol"))
    code = f"{TOTP(unhexlify(client.session[ENROL_KEY_SESSION])).token():06d}"
    client.post(reverse("accounts:enrol"), {"token": code})
    assert AuditEntry.objects.filter(action=AuditAction.OTP_ENROLLED, actor=user).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE handbook_auditentry SET detail = 'changed'",
        "DELETE FROM handbook_auditentry",
    ],
)
def test_database_refuses_update_and_delete(statement):
    audit_record(action=AuditAction.LOGIN_FAILURE, detail="kept")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEntry.objects.get().detail == "kept"


def test_admin_offers_no_add_change_or_delete(secretariat_client):
    entry = audit_record(action=AuditAction.LOGIN_FAILURE, detail="x")
    assert secretariat_client.get("/admin/handbook/auditentry/").status_code == 200
    assert secretariat_client.get("/admin/handbook/auditentry/add/").status_code == 403
    page = secretariat_client.get(f"/admin/handbook/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = secretariat_client.post(
        f"/admin/handbook/auditentry/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("client_fixture", ["official_client", "correspondent_client"])
def test_audit_log_is_for_the_secretariat_only(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/csv").status_code == 403


def test_audit_log_filters_and_paginates(secretariat_client, secretariat):
    for n in range(60):
        audit_record(
            action=AuditAction.PDF_EXPORTED, actor=secretariat, country="FR", detail=f"export {n}"
        )
    audit_record(action=AuditAction.LOGIN_FAILURE, detail="nobody")
    page = secretariat_client.get("/audit/", {"action": "export.pdf", "country": "fr"})
    assert page.context["page"].paginator.count == 60
    assert len(page.context["page"]) == 50
    assert "Page 1 of 2" in page.content.decode()
    assert (
        secretariat_client.get("/audit/", {"user": "nobody-matches"})
        .context["page"]
        .paginator.count
        == 0
    )
    bad = secretariat_client.get("/audit/", {"since": "2026-05-02", "until": "2026-05-01"})
    assert "The start date is after the end date." in bad.content.decode()


def test_csv_export_holds_the_filtered_entries_and_is_itself_audited(
    secretariat_client, secretariat
):
    audit_record(action=AuditAction.PDF_EXPORTED, actor=secretariat, detail="=HYPERLINK()")
    audit_record(action=AuditAction.LOGIN_FAILURE, detail="other")
    response = secretariat_client.get("/audit/csv", {"action": "export.pdf"})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK()" in body and "other" not in body
    exported = AuditEntry.objects.get(action=AuditAction.DATA_EXPORTED)
    assert exported.actor == secretariat and "1 entries" in exported.detail
