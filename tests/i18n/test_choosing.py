"""Choosing the language: the browser's by default, the switcher on every page (also the
login page), the choice saved on the account and followed on every device."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import verified_login
from tests.factories import UserFactory

LOGIN = "/accounts/login/"


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "lang"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.5", "fr"),
        ("fr-CH", "fr"),
        ("en-US,en;q=0.8", "en-gb"),
        ("de", "en-gb"),
    ],
)
def test_the_browser_preference_decides_before_any_choice(client, accept, lang):
    response = client.get(LOGIN, headers={"accept-language": accept})
    assert html_lang(response) == lang
    assert response["Content-Language"] == lang


@pytest.mark.django_db
def test_the_login_page_is_french_for_a_french_browser(client):
    page = client.get(LOGIN, headers={"accept-language": "fr"}).content.decode()
    assert "Manuel des livraisons surveillées" in page
    assert "Controlled Delivery Handbook" not in page


@pytest.mark.django_db
def test_the_switcher_on_the_login_page_sets_the_language_for_an_anonymous_visitor(client):
    page = client.get(LOGIN).content.decode()
    assert 'action="/accounts/language/"' in page and 'value="fr" lang="fr"' in page
    response = client.post(reverse("accounts:language"), {"language": "fr", "next": LOGIN})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert html_lang(client.get(LOGIN, headers={"accept-language": "en"})) == "fr"


@pytest.mark.django_db
def test_the_switcher_goes_back_only_to_a_page_of_this_site(client):
    response = client.post(
        reverse("accounts:language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("countries:list")


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client):
    response = client.post(reverse("accounts:language"), {"language": "xx", "next": LOGIN})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_the_choice_is_saved_on_the_account_and_followed_on_another_device(client):
    user = UserFactory()
    verified_login(client, user)
    client.post(reverse("accounts:language"), {"language": "fr", "next": "/countries/"})
    user.refresh_from_db()
    assert user.language == "fr"

    from django.test import Client

    other_device = verified_login(Client(), user)  # no cookie, an English browser
    page = other_device.get("/countries/", headers={"accept-language": "en"})
    assert html_lang(page) == "fr"


@pytest.mark.django_db
def test_every_page_has_the_switcher_with_the_current_language_pressed(official_client):
    official_client.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    page = official_client.get("/countries/").content.decode()
    assert re.search(r'value="fr" lang="fr" class="link-button" aria-pressed="true"', page)
    assert re.search(r'value="en-gb" lang="en-gb" class="link-button" aria-pressed="false"', page)


@pytest.mark.django_db
def test_after_logging_out_the_pages_stay_in_the_saved_language(client):
    user = UserFactory(language="fr")
    verified_login(client, user)
    client.get("/countries/", headers={"accept-language": "en"})
    page = client.post("/accounts/logout/", follow=True, headers={"accept-language": "en"})
    assert html_lang(page) == "fr"


@pytest.mark.django_db
def test_the_switcher_names_each_language_in_itself(client):
    for accept in ("fr", "en"):
        page = client.get(LOGIN, headers={"accept-language": accept}).content.decode()
        assert ">English</button>" in page and ">Français</button>" in page
