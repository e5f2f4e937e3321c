"""The state page and the list keep their rendered parts per content (handbook/fragments.py):
rendered once, shown again without rendering, and never stale after any change they show."""

from datetime import timedelta
from unittest.mock import patch

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from countries.models import STALE_AFTER, Contact, Profile
from countries.schema import Answer
from countries.services import contact_delete, profile_confirm
from countries.zones import LocalTime
from currency.services import problem_report
from tests.conftest import verified_login
from tests.factories import (
    CountryFactory,
    VettedOfficialFactory,
    contact_changed,
    contact_for,
    profile_with,
)


def _answers_rendered(client, path) -> tuple[int, str]:
    """How many answers a request renders (a spy on Answer.html, which still renders them),
    and the page."""
    with patch.object(Answer, "html", autospec=True, side_effect=Answer.html) as spy:
        html = client.get(path).content.decode()
    return spy.call_count, html


def test_state_page_renders_its_answers_once(official_client, france):
    first, first_html = _answers_rendered(official_client, "/countries/fr/")
    again, again_html = _answers_rendered(official_client, "/countries/fr/")
    assert first > 40
    assert again == 0
    assert again_html.count("answer-row") == first_html.count("answer-row")


def test_state_page_shows_a_new_version_at_once(official_client, france, secretariat):
    official_client.get("/countries/fr/")
    profile_with(france, by=secretariat, legal_basis="Loi nouvelle, art. 9")
    assert "Loi nouvelle, art. 9" in official_client.get("/countries/fr/").content.decode()


def test_state_page_shows_a_changed_contact_at_once(official_client, france, secretariat):
    contact = contact_for(france, by=secretariat, role="customs", available_24_7=False)
    official_client.get("/countries/fr/")
    contact_changed(contact, by=secretariat, organisation="Douane, bureau de Roissy")
    assert "Douane, bureau de Roissy" in official_client.get("/countries/fr/").content.decode()


def _call_now(response) -> str:
    html = response.content.decode()
    start = html.index('id="call-now"')
    return html[start : html.index("</section>", start)]


def test_call_now_shows_a_changed_24_7_number_at_once(official_client, france, secretariat):
    official_client.get("/countries/fr/")
    contact = Contact.objects.get(country=france, available_24_7=True)
    contact_changed(contact, by=secretariat, phone="+33199005678")
    assert "+33 1 99 00 56 78" in _call_now(official_client.get("/countries/fr/"))


def test_call_now_shows_a_removed_24_7_number_at_once(official_client, france, secretariat):
    official_client.get("/countries/fr/")
    contact = Contact.objects.get(country=france, available_24_7=True)
    contact_delete(contact=contact, by=secretariat, reason="Gone", expected_version=contact.version)
    assert "No 24/7 contact point" in _call_now(official_client.get("/countries/fr/"))


def test_call_now_keeps_its_clock_out_of_the_cached_part(official_client, france, monkeypatch):
    official_client.get("/countries/fr/")
    monkeypatch.setattr(LocalTime, "clock", property(lambda _self: "04:56"))
    assert "04:56" in _call_now(official_client.get("/countries/fr/"))


def _status(response) -> str:
    html = response.content.decode()
    start = html.index('class="status"')
    return html[start : html.index("</dl>", start)]


def test_status_shows_a_new_version_and_a_confirmation_at_once(
    official_client, france, secretariat
):
    assert "never" in _status(official_client.get("/countries/fr/"))
    profile_with(france, by=secretariat, legal_basis="Code, art. 2")
    assert "2 — history" in _status(official_client.get("/countries/fr/"))
    profile_confirm(country=france, by=secretariat)
    assert "never" not in _status(official_client.get("/countries/fr/"))


def test_state_page_says_stale_the_moment_it_is(official_client, france, monkeypatch):
    noon = timezone.now().replace(hour=12, minute=0)
    Profile.objects.filter(country=france).update(confirmed_at=noon - STALE_AFTER)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    assert "STALE" not in official_client.get("/countries/fr/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: noon + timedelta(seconds=1))
    assert "STALE" in official_client.get("/countries/fr/").content.decode()


def test_state_page_shows_a_new_report_at_once(official_client, official, france):
    official_client.get("/countries/fr/")
    problem_report(
        country=france, kind="outdated", comment="Changed.", by=official, question="legal_basis"
    )
    assert "An update has been requested" in official_client.get("/countries/fr/").content.decode()


def test_editors_and_readers_get_their_own_part(official_client, secretariat_client, france):
    assert "/countries/fr/edit/" in secretariat_client.get("/countries/fr/").content.decode()
    assert "/countries/fr/edit/" not in official_client.get("/countries/fr/").content.decode()
    assert "/countries/fr/edit/" in secretariat_client.get("/countries/fr/").content.decode()


def test_editors_and_readers_get_their_own_call_now(official_client, secretariat_client, belgium):
    add = "/countries/be/contacts/add/"
    assert add in _call_now(secretariat_client.get("/countries/be/"))
    assert add not in _call_now(official_client.get("/countries/be/"))
    assert add in _call_now(secretariat_client.get("/countries/be/"))


def test_cached_part_carries_nothing_of_the_first_reader(france):
    first = VettedOfficialFactory(full_name="Alma First", organisation="First Police")
    second = VettedOfficialFactory(full_name="Bruno Second", organisation="Second Customs")
    a = verified_login(Client(), first).get("/countries/fr/").content.decode()
    b = verified_login(Client(), second).get("/countries/fr/").content.decode()
    assert "Alma First" in a and "Alma First" not in b and "First Police" not in b
    assert "Bruno Second" in b


def test_list_shows_a_new_profile_at_once(official_client, secretariat):
    CountryFactory(code="FR")
    assert "none yet" in official_client.get(reverse("countries:list")).content.decode()
    profile_with(CountryFactory(code="NL"), by=secretariat, legal_basis="x")
    html = official_client.get(reverse("countries:list")).content.decode()
    assert "Netherlands" in html and "2 states" in html


def test_list_renders_its_table_once(official_client, secretariat):
    contact_for(CountryFactory(code="FR"), by=secretariat)
    first = official_client.get(reverse("countries:list"))
    again = official_client.get(reverse("countries:list"))
    table = first.content.decode().split("<table", 1)[1]
    assert again.content.decode().split("<table", 1)[1] == table
    assert again.context["countries"]._wrapped is empty  # never sorted nor rendered again
