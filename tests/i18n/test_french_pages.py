"""Every page type, rendered in French as each role, shows no English outside content marked
as written in another language (issue 18, "Tests that fail on a gap").

The page list is the accessibility walk's (tests/browser/test_accessibility.py), so a new
page type is walked in French as soon as it is walked by axe. The pages are fetched as the
browser would fetch them, with the account's saved language French."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from tests.browser.test_accessibility import PUBLIC_PAGES, READER_PAGES, pages_for
from tests.conftest import verified_login
from tests.i18n.english import english_left

pytestmark = pytest.mark.django_db

# Proper names and codes that contain an English word, each with why it stays as it is.
ALLOWED = frozenset(
    {
        # a demo account's organisation, as its holder gave it (people's own data: not
        # translated, and in no known language)
        "Demo Central Office for Drug Trafficking",
    }
)


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def _walk(client: Client, pages: dict[str, str | None]) -> dict[str, list[str]]:
    left = {}
    for name, path in pages.items():
        if path is None:
            continue
        response = client.get(path)
        assert response.status_code == 200, f"{name}: {path} answered {response.status_code}"
        html = response.content.decode()
        assert _lang(html) == "fr", name
        if found := english_left(html, ALLOWED):
            left[name] = found
    return left


def test_public_pages_in_french_have_no_english_left(client):
    client.cookies["django_language"] = "fr"
    left = _walk(client, PUBLIC_PAGES)
    response = client.post(PUBLIC_PAGES["login"], {"username": "", "password": ""})
    if found := english_left(response.content.decode(), ALLOWED):
        left["login-errors"] = found
    assert left == {}


@pytest.mark.parametrize("role", ["official", "correspondent", "secretariat"])
def test_every_page_type_in_french_has_no_english_left(client, role):
    call_command("load_demo", verbosity=0)
    user = User.objects.get(username=role)
    user.language = "fr"
    user.save(update_fields=["language"])
    verified_login(client, user)
    left = _walk(client, pages_for(role))
    errors = {
        "request-draft-errors": (READER_PAGES["request-draft"], {}),
    }
    if role != "official":
        errors["contact-errors"] = ("/countries/fr/contacts/add/", {})
    for name, (path, data) in errors.items():
        response = client.post(path, data)
        if found := english_left(response.content.decode(), ALLOWED):
            left[name] = found
    response = client.post("/accounts/logout/", follow=True)
    if found := english_left(response.content.decode(), ALLOWED):
        left["logged-out"] = found
    assert left == {}, "\n".join(f"{name}: {found}" for name, found in left.items())
