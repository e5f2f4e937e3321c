"""Search reads what was stored at write time, a page at a time, whatever the volume."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefs.search import PAGE_SIZE
from countries.models import Country
from tests.factories import ISO_CODES, CountryFactory, contact_for, profile_with

pytestmark = pytest.mark.django_db


def codes(response):
    return [r.country.code.code for r in response.context["results"]]


def _states(count, *, by, contacts=1, versions=1):
    for code in ISO_CODES[:count]:
        country = CountryFactory(code=code)
        for n in range(versions):
            profile_with(country, by=by, legal_basis=f"Statute on delivery, revision {n}")
        for n in range(contacts):
            contact_for(country, by=by, organisation=f"Desk {n}", phone=f"+3319900{n:04d}")


def _queries(client, params):
    client.get("/search/", params)  # the session's bookkeeping settles on the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("params", [{"q": "statute"}, {"answer": "urgent_oral:yes"}])
def test_search_queries_do_not_grow_with_states_contacts_or_versions(
    official_client, secretariat, params
):
    profile_for = {"urgent_oral": "yes"} if "answer" in params else {}
    _states(3, by=secretariat)
    for country in Country.objects.all():
        profile_with(country, by=secretariat, **profile_for)
    small, _ = _queries(official_client, params)
    _states(45, by=secretariat, contacts=4, versions=3)
    for country in Country.objects.all():
        profile_with(country, by=secretariat, **profile_for)
    large, response = _queries(official_client, params)
    assert response.context["page"].paginator.count == 45
    assert small == large


def test_search_shows_one_page_of_results_at_a_time(official_client, secretariat):
    _states(PAGE_SIZE + 5, by=secretariat)
    first = official_client.get("/search/", {"q": "statute"})
    second = official_client.get("/search/", {"q": "statute", "page": 2})
    assert len(codes(first)) == PAGE_SIZE
    assert len(codes(second)) == 5
    assert not set(codes(first)) & set(codes(second))
    assert "page=2" in first.content.decode()
    assert "25 states found" in first.content.decode()


def test_search_snippets_come_from_the_stored_text(official_client, secretariat):
    _states(1, by=secretariat)
    Country.objects.update(
        search_sections={"en-gb": [["legal", "Stored words about statute only."]]}
    )
    response = official_client.get("/search/", {"q": "statute"})
    assert "Stored words about <mark>statute</mark> only." in response.content.decode()


def test_an_index_stored_before_is_written_again_per_language_and_plain(
    official_client, secretariat
):
    """Indexes from before held one list of texts with their tags; the migration writes each
    again as the page now reads it: per language, plain."""
    _states(1, by=secretariat)
    country = Country.objects.get()
    profile_with(country, by=secretariat, legal_basis="Zebra   <b>statute</b>\non delivery")
    Country.objects.update(search_sections=[["legal", "Zebra   <b>statute</b>"]])
    migration = importlib.import_module("countries.migrations.0015_search_sections_plain")
    with connection.schema_editor() as editor:
        migration.reindex(django_apps, editor)
    stored = Country.objects.values_list("search_sections", flat=True).get()
    assert set(stored) == {"en-gb", "fr"}
    assert "Zebra statute on delivery" in dict(stored["en-gb"])["legal"]
    html = official_client.get("/search/", {"q": "zebra"}).content.decode()
    assert "<mark>Zebra</mark> statute on delivery" in html


def test_search_finds_a_contacts_name(official_client, route_states, secretariat):
    contact_for(route_states["FR"], by=secretariat, name="Camille Durand")
    response = official_client.get("/search/", {"q": "durand"})
    assert codes(response) == ["FR"]
    assert "<mark>Durand</mark>" in response.content.decode()


@pytest.mark.parametrize("typed", ["+33 1 77 00 42 42", "33177004242", "+33177004242"])
def test_search_finds_a_phone_number_however_it_is_typed(
    official_client, route_states, secretariat, typed
):
    contact_for(route_states["NL"], by=secretariat, phone="+33177004242")
    assert codes(official_client.get("/search/", {"q": typed})) == ["NL"]


def test_a_misspelt_word_is_corrected_and_its_results_shown(official_client, route_states):
    response = official_client.get("/search/", {"q": "pseudoefedrine"})
    assert response.context["suggestion"] == "pseudoephedrine"
    assert codes(response) == ["NL"]
    assert "Did you mean" in response.content.decode()


def test_a_misspelt_state_name_is_corrected(official_client, route_states):
    response = official_client.get("/search/", {"q": "belgum"})
    assert response.context["suggestion"] == "belgium"
    assert codes(response) == ["BE"]


def test_a_word_spelt_right_gets_no_suggestion(official_client, route_states):
    response = official_client.get("/search/", {"q": "pseudoephedrine"})
    assert response.context["suggestion"] == ""


@pytest.mark.parametrize("language", ["en-gb", "fr"])
def test_the_search_boxs_own_example_returns_results(official, official_client, language):
    """Each example the box gives finds a state of the demo, in the reader's language."""
    call_command("load_demo", verbosity=0)
    official.language = language
    official.save(update_fields=["language"])
    page = official_client.get("/search/").content.decode()
    example = re.search(r'placeholder="(?:e\.g\.|p\.\s?ex\.) ([^"]+)"', page).group(1)
    for term in example.split(", "):
        response = official_client.get("/search/", {"q": term})
        assert codes(response), f"{language}: {term!r} finds nothing"


def test_the_portals_words_are_found_in_either_language(official_client):
    """Options are indexed in English and French: "ministère" (an option's French label)
    finds the states whose answer is "Public prosecutor", whatever the reader's language."""
    call_command("load_demo", verbosity=0)
    french = official_client.get("/search/", {"q": "ministère"})
    english = official_client.get("/search/", {"q": "prosecutor"})
    assert french.context["suggestion"] == ""  # found as typed, not as "did you mean"
    assert codes(french) and set(codes(french)) <= set(codes(english))
