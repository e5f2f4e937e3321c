import re

import pytest
from django.db import connection

from tests.factories import ISO_CODES, CountryFactory, profile_with

pytestmark = pytest.mark.django_db


def codes(response):
    return [r.country.code.code for r in response.context["results"]]


def test_search_finds_a_word_from_a_note_and_highlights_its_section(official_client, route_states):
    response = official_client.get("/search/", {"q": "pseudoephedrine"})
    assert codes(response) == ["NL"]
    hit = response.context["results"][0].hits[0]
    assert hit.section_title == "Legal framework"
    html = response.content.decode()
    assert "<mark>pseudoephedrine</mark>" in html
    assert 'href="/countries/nl/#legal"' in html


def test_search_finds_a_contacts_unit(official_client, route_states):
    response = official_client.get("/search/", {"q": "maritime interdiction"})
    assert codes(response) == ["BE"]
    assert response.context["results"][0].hits[0].section_key == "contacts"


def test_search_finds_a_country_by_name(official_client, route_states):
    assert codes(official_client.get("/search/", {"q": "belg"})) == ["BE"]


def test_search_uses_prefixes(official_client, route_states):
    assert codes(official_client.get("/search/", {"q": "pseudoeph"})) == ["NL"]


def test_title_match_ranks_above_a_note_match(official_client, route_states, secretariat):
    profile_with(
        route_states["DE"],
        by=secretariat,
        reason="x",
        practical_note="Deliveries often continue to the Netherlands by lorry.",
    )
    assert codes(official_client.get("/search/", {"q": "netherlands"}))[:2] == ["NL", "DE"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="weights are PostgreSQL's")
def test_structured_answer_ranks_above_a_note(official_client, route_states, secretariat):
    profile_with(
        route_states["DE"],
        by=secretariat,
        reason="x",
        practical_note="Ask the investigating judge's clerk early.",
    )
    # FR names an investigating judge as competent authority (weight B); DE only in a note (D)
    assert codes(official_client.get("/search/", {"q": "investigating judge"})) == ["FR", "DE"]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("substitution:full", ["DE"]),
        ("urgent_oral:yes", ["BE", "DE", "NL"]),
        ("foreign_officers:armed", ["BE", "DE", "NL"]),
        ("judicial_authorisation:yes", ["FR"]),
    ],
)
def test_answer_filters_return_exactly_those_states(official_client, route_states, token, expected):
    response = official_client.get("/search/", {"answer": token})
    assert sorted(codes(response)) == expected


def test_filters_combine_with_words(official_client, route_states):
    response = official_client.get("/search/", {"q": "duty desk", "answer": "urgent_oral:no"})
    assert codes(response) == ["FR"]


def test_search_text_is_escaped(official_client, route_states, secretariat):
    profile_with(
        route_states["DE"],
        by=secretariat,
        reason="x",
        legal_basis="Zebra statute <script>alert(1)</script>",
    )
    html = official_client.get("/search/", {"q": "zebra"}).content.decode()
    assert "<script>alert" not in html
    assert "<mark>Zebra</mark> statute" in html


def test_empty_search_shows_the_form_only(official_client, route_states):
    response = official_client.get("/search/")
    assert response.status_code == 200 and response.context["results"] == []


@pytest.mark.parametrize("rows", [5, 40])
def test_search_query_count_is_bounded(
    official_client, secretariat, rows, django_assert_max_num_queries
):
    for code in ISO_CODES[:rows]:
        profile_with(CountryFactory(code=code), by=secretariat, legal_basis="Statute on delivery")
    official_client.get("/search/", {"q": "statute"})
    with django_assert_max_num_queries(8):
        response = official_client.get("/search/", {"q": "statute"})
    assert response.context["page"].paginator.count == rows


def test_the_filters_show_each_searchs_own_choices_and_language(official_client, official):
    """The form's filters are rendered once and kept (handbook/fragments.py): each search still
    shows its own chosen answers and membership, in the reader's language."""

    def chosen(params):
        html = official_client.get("/search/", params).content.decode()
        return (
            html,
            set(re.findall(r'<option value="([^"]+)" selected>', html)),
            set(re.findall(r'<a href="\?answer=([^"]+)" aria-current="true">', html)),
        )

    _, selected, current = chosen({"answer": "urgent_oral:yes", "membership": "eu"})
    assert selected == {"urgent_oral:yes", "eu"} and current == {"urgent_oral%3Ayes"}
    _, selected, current = chosen({"answer": "substitution:full", "membership": "eu"})
    assert selected == {"substitution:full", "eu"} and current == {"substitution%3Afull"}
    _, selected, _ = chosen({"answer": "substitution:full"})
    assert selected == {"substitution:full"}
    official.language = "fr"
    official.save(update_fields=["language"])
    html, selected, _ = chosen({"answer": "substitution:full"})
    assert selected == {"substitution:full"}
    assert "Filtres rapides" in html and "Quick filters" not in html


def test_results_are_named_and_sorted_in_each_readers_language(
    official_client, official, route_states
):
    """State names are looked up once per language (briefs.search._names_in): a French reader
    after an English one gets French names, in French order."""
    english = official_client.get("/search/", {"answer": "urgent_oral:yes"})
    assert [r.name for r in english.context["results"]] == ["Belgium", "Germany", "Netherlands"]
    official.language = "fr"
    official.save(update_fields=["language"])
    french = official_client.get("/search/", {"answer": "urgent_oral:yes"})
    assert [r.name for r in french.context["results"]] == ["Allemagne", "Belgique", "Pays-Bas"]
    assert ">Allemagne</a>" in french.content.decode()
