"""The comparison keeps its rendered table and picker per content (handbook/fragments.py)."""

import pytest

from tests.factories import contact_changed, contact_for, profile_with

pytestmark = pytest.mark.django_db
MATRIX = "briefs/_matrix.html"
PICKER = "briefs/_country_picker.html"


def _rendered(response, name: str) -> int:
    return [t.name for t in response.templates].count(name)


def test_comparison_is_rendered_once_per_content(official_client, route_states):
    first = official_client.get("/compare/", {"c": ["fr", "nl"]})
    again = official_client.get("/compare/", {"c": ["fr", "nl"]})
    assert _rendered(first, MATRIX) >= 2 and _rendered(first, PICKER) == 1
    assert _rendered(again, MATRIX) == 0 and _rendered(again, PICKER) == 0
    table = first.content.decode().split("<table", 1)[1]
    assert again.content.decode().split("<table", 1)[1] == table


def test_comparison_shows_a_new_version_at_once(official_client, route_states, secretariat):
    official_client.get("/compare/", {"c": ["fr", "nl"]})
    profile_with(route_states["NL"], by=secretariat, legal_basis="Wetboek, nieuw artikel 126")
    html = official_client.get("/compare/", {"c": ["fr", "nl"]}).content.decode()
    assert "Wetboek, nieuw artikel 126" in html


def test_each_choice_of_states_and_rows_is_its_own_part(official_client, route_states):
    official_client.get("/compare/", {"c": ["fr", "nl"]})
    three = official_client.get("/compare/", {"c": ["fr", "nl", "be"]}).content.decode()
    assert three.count('scope="col"') > official_client.get(
        "/compare/", {"c": ["fr", "nl"]}
    ).content.decode().count('scope="col"')
    only = official_client.get("/compare/", {"c": ["fr", "nl"], "only": "differences"})
    assert _rendered(only, MATRIX) >= 1


def test_comparison_shows_a_linked_contacts_new_number_at_once(
    official_client, route_states, secretariat
):
    desk = contact_for(route_states["NL"], by=secretariat, organisation="NL Night Desk")
    profile_with(route_states["NL"], by=secretariat, cd_contact=desk.pk)
    assert "NL Night Desk" in official_client.get("/compare/", {"c": ["fr", "nl"]}).content.decode()
    contact_changed(desk, by=secretariat, organisation="NL Day and Night Desk")
    html = official_client.get("/compare/", {"c": ["fr", "nl"]}).content.decode()
    assert "NL Day and Night Desk" in html
