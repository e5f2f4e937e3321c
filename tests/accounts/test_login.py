"""Password step, then TOTP or a backup code; throttling and lockout."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.services import totp_current_code
from accounts.sessions import LOGIN_AT, SEEN_AT
from tests.conftest import verified_login
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
COUNTRIES = reverse("countries:list")


def password_step(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def code_at(device, offset_steps=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def user_with_app(db):
    user = UserFactory()
    return user, TOTPDeviceFactory(user=user)


def test_password_step_leads_to_the_code_step_not_to_content(client, user_with_app):
    user, _ = user_with_app
    response = password_step(client, user.username)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get(COUNTRIES)["Location"].startswith(VERIFY)


def test_totp_login_reaches_the_country_list(client, user_with_app):
    user, device = user_with_app
    password_step(client, user.username)
    response = client.post(VERIFY, {"token": totp_current_code(device), "next": COUNTRIES})
    assert response.status_code == 302 and response["Location"] == COUNTRIES
    assert client.get(COUNTRIES).status_code == 200


def test_wrong_code_is_refused_with_a_message(client, user_with_app):
    user, device = user_with_app
    password_step(client, user.username)
    wrong = code_at(device, offset_steps=10)
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert "You can try again in 1 second." in response.content.decode()
    assert client.get(COUNTRIES).status_code == 302


def test_otp_attempts_are_throttled(client, user_with_app):
    user, device = user_with_app
    password_step(client, user.username)
    client.post(VERIFY, {"token": code_at(device, offset_steps=10)})
    # the failure happened a moment ago: a loaded machine must not outlast the 1 s delay
    type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())
    # the right code straight after a failure is refused while the throttle delay runs
    response = client.post(VERIFY, {"token": totp_current_code(device)})
    assert "Too many wrong codes. Wait 1 second before you try again." in response.content.decode()
    assert client.get(COUNTRIES).status_code == 302


def test_a_code_cannot_be_replayed(user_with_app):
    user, device = user_with_app
    code = totp_current_code(device)
    first, second = Client(), Client()
    password_step(first, user.username)
    assert first.post(VERIFY, {"token": code})["Location"] == COUNTRIES
    password_step(second, user.username)
    assert second.post(VERIFY, {"token": code}).status_code == 200


def test_backup_code_logs_in_once(user_with_app):
    user, _ = user_with_app
    backup = StaticDevice.objects.create(user=user, name="Backup codes")
    StaticToken.objects.create(device=backup, token="abcd2345")

    first = Client()
    password_step(first, user.username)
    response = first.post(VERIFY, {"token": "abcd 2345"}, follow=True)
    assert response.redirect_chain[-1][0] == COUNTRIES
    assert "You used a backup code. 0 remain." in response.content.decode()

    second = Client()
    password_step(second, user.username)
    response = second.post(VERIFY, {"token": "abcd2345"})
    assert response.status_code == 200
    assert second.get(COUNTRIES).status_code == 302


def test_wrong_password_message_does_not_reveal_whether_the_account_exists(client, db):
    user = UserFactory()
    known = password_step(client, user.username, "wrong password!!")
    unknown = password_step(Client(), "nobody-here", "wrong password!!")
    assert known.status_code == unknown.status_code == 200
    message = "The username or password is not correct."
    assert message in known.content.decode() and message in unknown.content.decode()


@pytest.mark.parametrize("username_exists", [True, False])
def test_lockout_after_repeated_failures_says_the_same_for_any_account(db, username_exists):
    user = UserFactory()
    username = user.username if username_exists else "ghost"
    client = Client()
    for _ in range(5):
        response = password_step(client, username, "wrong password!!")
    response = password_step(client, user.username if username_exists else "ghost", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    # even the right password is refused while locked
    assert client.get(COUNTRIES).status_code == 302


def test_expired_user_sees_a_page_that_says_so(client, db):
    user = UserFactory(access_expires=timezone.localdate() - timedelta(days=1))
    verified_login(client, user)
    response = client.get(COUNTRIES)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:expired")
    page = client.get(reverse("accounts:expired"))
    assert page.status_code == 403
    assert "Your access has expired" in page.content.decode()


def test_an_ended_account_with_the_right_password_learns_nothing_before_the_code(client, db):
    """As for a disabled account: the password alone does not confirm that access ended."""
    ended = UserFactory(access_expires=timezone.localdate() - timedelta(days=1))
    active = UserFactory()
    for user in (ended, active):
        TOTPDeviceFactory(user=user)
    pages = []
    for user in (ended, active):
        browser = Client()
        response = password_step(browser, user.username)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
        pages.append(browser.get(COUNTRIES)["Location"].split("?")[0])
        assert browser.get(reverse("accounts:expired"))["Location"].startswith(VERIFY)
    assert pages == [VERIFY, VERIFY]


def test_user_whose_access_ends_today_still_gets_in(client, db):
    user = UserFactory(access_expires=timezone.localdate())
    verified_login(client, user)
    assert client.get(COUNTRIES).status_code == 200


def test_disabled_account_answers_the_right_password_as_a_wrong_one(client, db):
    user = UserFactory(is_active=False)
    right = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    wrong = Client().post(LOGIN, {"username": user.username, "password": "wrong password!!"})
    assert right.status_code == wrong.status_code == 200
    assert right.content.decode().count("The username or password is not correct.") == 1
    assert "disabled" not in right.content.decode().lower()
    for path in [COUNTRIES, VERIFY, "/countries/fr/", "/admin/"]:
        assert client.get(path).status_code == 302


def test_disabled_users_wrong_password_says_nothing_more(client, db):
    user = UserFactory(is_active=False)
    response = password_step(client, user.username, "wrong password!!")
    assert "The username or password is not correct." in response.content.decode()


def _age_session(client, key, seconds):
    session = client.session
    session[key] = session[key] - seconds
    session.save()


@pytest.mark.parametrize(
    ("key", "seconds", "ends"),
    [
        (SEEN_AT, 29 * 60, False),
        (SEEN_AT, 31 * 60, True),
        (LOGIN_AT, 11 * 3600, False),
        (LOGIN_AT, 12 * 3600 + 60, True),
    ],
)
def test_idle_and_absolute_session_limits(official_client, key, seconds, ends):
    _age_session(official_client, key, seconds)
    response = official_client.get(COUNTRIES)
    if ends:
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert official_client.get(COUNTRIES).status_code == 302  # the session is gone
    else:
        assert response.status_code == 200


def test_login_issues_a_new_session_key_and_logout_ends_it_on_the_server(client, user_with_app):
    user, device = user_with_app
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    password_step(client, user.username)
    after_password = client.cookies["sessionid"].value
    assert before is None or before.value != after_password
    client.post(VERIFY, {"token": totp_current_code(device)})
    key = client.cookies["sessionid"].value
    assert key != after_password  # rotated again once the second factor is proven
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "You are logged out" in response.content.decode()
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(COUNTRIES).status_code == 302
