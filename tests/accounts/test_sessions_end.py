"""Finding 1: every change to a person's access ends all of their sessions at once, and a new
authenticator is paired only right after a fresh password step (docs/security.md, "Sessions")."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import accounts_expire_and_remind
from accounts.sessions import PASSWORD_AT
from tests.accounts.mailing import mail_sent
from tests.conftest import verified_login
from tests.factories import PASSWORD, CountryFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ENROL = reverse("accounts:enrol")
COUNTRIES = reverse("countries:list")


def _sessions_of(person):
    """A verified session and a password-only session (say, on another machine)."""
    verified = verified_login(Client(), person)
    password_only = Client()
    password_only.post(LOGIN, {"username": person.username, "password": PASSWORD})
    assert verified.get(COUNTRIES).status_code == 200
    return verified, password_only


def _assert_logged_out(client):
    for path in (COUNTRIES, ENROL):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), path


ACTIONS = {
    "reset_second_factor": {"action": "reset_second_factor"},
    "disable": {"action": "disable"},
    "role": {"action": "role", "role": "secretariat"},
    "access": {"action": "access", "access_expires": "2099-01-31"},
}


@pytest.mark.parametrize("action", ACTIONS)
def test_a_secretariat_action_ends_every_session_of_the_person(secretariat_client, action):
    person = UserFactory()
    sessions = _sessions_of(person)
    url = reverse("accounts:user_manage", args=[person.pk])
    assert secretariat_client.post(url, ACTIONS[action]).status_code == 302
    for client in sessions:
        _assert_logged_out(client)
    assert not TOTPDevice.objects.filter(user=person, confirmed=False).exists()


def test_a_session_kept_from_before_a_reset_cannot_pair_a_new_authenticator(secretariat_client):
    person = UserFactory()
    stolen = verified_login(Client(), person)
    url = reverse("accounts:user_manage", args=[person.pk])
    secretariat_client.post(url, {"action": "reset_second_factor"})
    stolen.get(ENROL)
    stolen.post(ENROL, {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=person).exists()
    _assert_logged_out(stolen)


def test_a_password_reset_ends_every_session(client):
    person = UserFactory()
    sessions = _sessions_of(person)
    with mail_sent():
        client.post(reverse("accounts:password_reset"), {"email": person.email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/set-password/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_url = client.get(path)["Location"]
    new = "another long passphrase 2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    for session in sessions:
        _assert_logged_out(session)


def test_forgetting_a_person_ends_every_session():
    person = UserFactory()
    sessions = _sessions_of(person)
    call_command("forget_person", person.username)
    for session in sessions:
        _assert_logged_out(session)


def test_the_end_of_access_and_inactivity_end_every_session():
    ended = UserFactory()
    idle = UserFactory()
    ended_sessions, idle_sessions = _sessions_of(ended), _sessions_of(idle)
    User.objects.filter(pk=ended.pk).update(access_expires=timezone.localdate() - timedelta(1))
    User.objects.filter(pk=idle.pk).update(last_login=timezone.now() - timedelta(days=200))
    accounts_expire_and_remind()
    for session in (*ended_sessions, *idle_sessions):
        _assert_logged_out(session)


def test_withdrawing_a_state_keeps_the_session(secretariat_client):
    """Rights on states are checked on every request: no need to log the person out."""
    person = UserFactory(role="correspondent")
    CountryFactory(code="FR")
    url = reverse("accounts:user_manage", args=[person.pk])
    secretariat_client.post(url, {"action": "role", "role": "correspondent", "states": ["FR"]})
    verified = verified_login(Client(), User.objects.get(pk=person.pk))
    secretariat_client.post(url, {"action": "role", "role": "correspondent", "states": []})
    assert verified.get(COUNTRIES).status_code == 200


def test_enrolment_needs_a_fresh_password_step():
    person = UserFactory()
    client = Client()
    client.post(LOGIN, {"username": person.username, "password": PASSWORD})
    assert client.get(ENROL).status_code == 200
    session = client.session
    session[PASSWORD_AT] = time.time() - 11 * 60
    session.save()
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert client.get(COUNTRIES)["Location"].startswith(LOGIN)
