"""Finding 8: the 12 hours count from the second factor, and entering the password again in a
verified session starts a new session (it neither keeps the second factor nor renews the 12
hours)."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.services import totp_current_code
from accounts.sessions import LOGIN_AT, PASSWORD_AT
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN, VERIFY = reverse("accounts:login"), reverse("accounts:verify")
COUNTRIES = reverse("countries:list")


def _logged_in(client):
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    client.post(VERIFY, {"token": totp_current_code(device)})
    assert client.get(COUNTRIES).status_code == 200
    return user


def test_the_password_again_in_a_verified_session_does_not_keep_the_second_factor(client):
    user = _logged_in(client)
    old_key = client.cookies["sessionid"].value
    session = client.session
    session[LOGIN_AT] = time.time() - 11 * 3600 - 59 * 60
    session.save()
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    response = client.get(COUNTRIES)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not Session.objects.filter(session_key=old_key).exists()
    assert LOGIN_AT not in client.session


def test_the_twelve_hours_count_from_the_second_factor(client):
    _logged_in(client)
    session = client.session
    assert session[LOGIN_AT] >= session[PASSWORD_AT]
    session[LOGIN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(COUNTRIES)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_password_only_session_also_ends_after_twelve_hours():
    client = Client()
    user = UserFactory()
    TOTPDeviceFactory(user=user)
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    session = client.session
    session[PASSWORD_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
