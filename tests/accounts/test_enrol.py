"""First login without a device: pair an app with the portal's own QR code, then backup codes."""

from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.views import ENROL_KEY_SESSION
from tests.factories import PASSWORD, UserFactory

ENROL = reverse("accounts:enrol")
COUNTRIES = reverse("countries:list")


@pytest.fixture
def new_user_client(db):
    user = UserFactory()
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    return user, client


def _code(client, offset=0):
    key = client.session[ENROL_KEY_SESSION]
    totp = TOTP(unhexlify(key))
    totp.time += offset * 30
    return f"{totp.token():06d}"


def test_user_without_a_device_is_sent_to_enrolment(new_user_client):
    _, client = new_user_client
    response = client.get(reverse("accounts:verify"))
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_enrolment_page_shows_a_qr_code_made_by_the_portal(new_user_client):
    user, client = new_user_client
    response = client.get(ENROL)
    html = response.content.decode()
    assert "<svg" in html and "<path" in html
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert "<img" not in html
    assert not TOTPDevice.objects.filter(user=user).exists()  # nothing is written on GET


def test_confirming_the_first_code_shows_ten_backup_codes_once(new_user_client):
    user, client = new_user_client
    client.get(ENROL)
    response = client.post(ENROL, {"token": _code(client), "next": COUNTRIES})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    html = response.content.decode()
    assert all(code in html for code in codes)
    assert response["Cache-Control"].find("no-store") >= 0
    assert TOTPDevice.objects.get(user=user).confirmed
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get(COUNTRIES).status_code == 200
    # the codes are never shown again
    again = client.get(ENROL)
    assert again.status_code == 302
    assert not any(code in client.get(COUNTRIES).content.decode() for code in codes)


def test_a_wrong_first_code_is_refused_and_nothing_is_confirmed(new_user_client):
    user, client = new_user_client
    client.get(ENROL)
    response = client.post(ENROL, {"token": _code(client, offset=20)})
    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(COUNTRIES).status_code == 302


def test_backup_code_from_enrolment_logs_in(new_user_client):
    user, client = new_user_client
    client.get(ENROL)
    codes = client.post(ENROL, {"token": _code(client)}).context["codes"]
    other = Client()
    other.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    other.post(reverse("accounts:verify"), {"token": codes[3]})
    assert other.get(COUNTRIES).status_code == 200
