"""The secretariat manages accounts in the portal; access ends by itself; data can be erased."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.services import accounts_expire_and_remind
from countries.access import can_edit_country
from handbook.models import AuditAction, AuditEntry
from tests.accounts.mailing import mail_sent
from tests.conftest import verified_login
from tests.factories import CorrespondentFactory, CountryFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


def manage(client, person, data):
    return client.post(reverse("accounts:user_manage", args=[person.pk]), data)


def test_users_page_lists_role_states_and_expiry(secretariat_client, django_assert_max_num_queries):
    person = CorrespondentFactory(full_name="Paula Pereira")
    CountryFactory(code="PT")
    manage(
        secretariat_client, person, {"action": "role", "role": "correspondent", "states": ["PT"]}
    )
    html = secretariat_client.get(reverse("accounts:users")).content.decode()
    assert "Paula Pereira" in html and "PT" in html and "National correspondent" in html
    for _ in range(20):
        UserFactory()
    with django_assert_max_num_queries(7):
        secretariat_client.get(reverse("accounts:users"))


def test_extend_disable_enable_and_change_role_are_audited(secretariat_client, secretariat):
    person = CorrespondentFactory()
    spain = CountryFactory(code="ES")
    later = timezone.localdate() + timedelta(days=500)
    manage(secretariat_client, person, {"action": "access", "access_expires": later.isoformat()})
    manage(
        secretariat_client, person, {"action": "role", "role": "correspondent", "states": ["ES"]}
    )
    assert can_edit_country(User.objects.get(pk=person.pk), spain)
    manage(secretariat_client, person, {"action": "role", "role": "official"})
    person = User.objects.get(pk=person.pk)
    assert person.role == Role.OFFICIAL and not can_edit_country(person, spain)
    manage(secretariat_client, person, {"action": "disable"})
    assert not User.objects.get(pk=person.pk).is_active
    manage(secretariat_client, person, {"action": "enable"})
    person = User.objects.get(pk=person.pk)
    assert person.is_active and person.access_expires == later
    assert list(
        AuditEntry.objects.filter(actor=secretariat)
        .exclude(action=AuditAction.LOGIN_SUCCESS)
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        AuditAction.ACCESS_CHANGED,
        AuditAction.STATE_GRANTED,
        AuditAction.ROLE_CHANGED,
        AuditAction.STATE_WITHDRAWN,
        AuditAction.ACCOUNT_DISABLED,
        AuditAction.ACCOUNT_ENABLED,
    ]


def test_resetting_the_second_factor_forces_a_new_enrolment(secretariat_client):
    person = UserFactory()
    client = verified_login(Client(), person)
    manage(secretariat_client, person, {"action": "reset_second_factor"})
    assert not TOTPDevice.objects.filter(user=person).exists()
    # the old session loses its verified device; a new login must enrol
    assert client.get(reverse("countries:list")).status_code == 302
    assert (
        AuditEntry.objects.filter(action=AuditAction.OTP_RESET, target_id=str(person.pk)).count()
        == 1
    )


@pytest.mark.parametrize("client_fixture", ["official_client", "correspondent_client"])
def test_account_management_is_for_the_secretariat_only(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    person = UserFactory()
    assert client.get(reverse("accounts:users")).status_code == 403
    assert manage(client, person, {"action": "disable"}).status_code == 403
    assert User.objects.get(pk=person.pk).is_active


def test_reminders_go_out_once_each_and_idle_accounts_are_disabled():
    today = timezone.localdate()
    soon = UserFactory(access_expires=today + timedelta(days=25))
    very_soon = UserFactory(access_expires=today + timedelta(days=5))
    UserFactory(access_expires=today + timedelta(days=90))
    ended = UserFactory(access_expires=today - timedelta(days=1))
    idle = UserFactory(last_login=timezone.now() - timedelta(days=181))
    with mail_sent():
        done = accounts_expire_and_remind(today=today)
    assert done == {
        "reminded_30": 2,
        "reminded_7": 1,
        "ended": 1,
        "disabled": 1,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [soon.email, very_soon.email, very_soon.email]
    )
    assert accounts_expire_and_remind(today=today) == {
        "reminded_30": 0,
        "reminded_7": 0,
        "ended": 0,
        "disabled": 0,
    }
    assert not User.objects.get(pk=idle.pk).is_active
    expired = AuditEntry.objects.filter(action=AuditAction.ACCOUNT_EXPIRED).order_by("id")
    assert [e.target_id for e in expired] == [str(ended.pk), str(idle.pk)]


def test_expire_accounts_command_prints_one_line(capsys):
    call_command("expire_accounts")
    assert capsys.readouterr().out.startswith("Reminders sent: 0 at 30 days")


def test_forget_person_anonymises_and_keeps_the_audit_trail(secretariat):
    person = CorrespondentFactory(full_name="Greta Gone", email="greta@example.org")
    TOTPDeviceFactory(user=person)
    from handbook.audit import audit_record

    audit_record(action=AuditAction.LOGIN_SUCCESS, actor=person)
    call_command("forget_person", "greta@example.org")
    person = User.objects.get(pk=person.pk)
    assert person.username == f"forgotten-{person.pk}" and "Greta" not in person.full_name
    assert not person.is_active and not person.has_usable_password()
    assert not TOTPDevice.objects.filter(user=person).exists()
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_SUCCESS)
    assert entry.actor_name == f"forgotten-{person.pk}"
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT_ANONYMISED).count() == 1
