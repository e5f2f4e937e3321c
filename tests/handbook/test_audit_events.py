"""Finding 12: a passed second factor and refused write attempts (403) are in the audit log."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import totp_current_code
from handbook.models import AuditAction, AuditEntry
from tests.conftest import verified_login
from tests.factories import PASSWORD, CountryFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_passed_second_factor_is_audited(client):
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    client.post(reverse("accounts:verify"), {"token": totp_current_code(device)})
    entry = AuditEntry.objects.get(action=AuditAction.OTP_VERIFIED)
    assert entry.actor == user and entry.ip_address == "127.0.0.1"


def test_refused_writes_are_audited_and_refused_reads_are_not(official_client, official):
    CountryFactory(code="FR")
    assert official_client.post(reverse("countries:confirm", args=["fr"])).status_code == 403
    assert official_client.post(reverse("accounts:users")).status_code in (403, 405)
    assert official_client.get(reverse("accounts:users")).status_code == 403
    assert official_client.post("/admin/accounts/user/").status_code == 403
    refused = AuditEntry.objects.filter(action=AuditAction.WRITE_REFUSED).order_by("id")
    assert [(e.actor, e.detail) for e in refused][0] == (official, "POST countries:confirm")
    assert "POST admin:accounts_user_changelist" in [e.detail for e in refused]
    assert not refused.filter(detail__startswith="GET").exists()


def test_an_anonymous_refusal_goes_to_login_not_to_the_log():
    response = Client().post(reverse("countries:confirm", args=["fr"]))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditAction.WRITE_REFUSED).exists()


def test_a_write_refused_for_a_missing_csrf_token_is_audited(official):
    CountryFactory(code="FR")
    client = verified_login(Client(enforce_csrf_checks=True), official)
    response = client.post(reverse("accounts:nominate"), {"full_name": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.WRITE_REFUSED)
    assert (entry.actor, entry.detail) == (official, "POST accounts:nominate, CSRF check failed")
