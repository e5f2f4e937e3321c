from datetime import timedelta

import pytest

from tests.factories import ISO_CODES, CountryFactory, profile_with

pytestmark = pytest.mark.django_db


def brief_for(client, origin, transits, destination):
    response = client.get(
        "/route/", {"origin": origin, "transit": transits, "destination": destination}
    )
    assert response.status_code == 200, response.content.decode()[:500]
    return response, response.context["brief"]


def test_route_walks_each_state_with_the_authority_for_its_role(official_client, route_states):
    response, brief = brief_for(official_client, "nl", ["be"], "fr")
    assert [(s.country.code.code, s.role) for s in brief.stops] == [
        ("NL", "origin"),
        ("BE", "transit"),
        ("FR", "destination"),
    ]
    first_rows = {q.key: a.text for q, a in brief.stops[0].rows}
    assert first_rows["authority_outgoing"] == "Public prosecutor"
    assert {q.key: a.text for q, a in brief.stops[1].rows}["authority_transit"] == "Customs"
    assert {q.key: a.text for q, a in brief.stops[2].rows}["authority_incoming"] == (
        "Investigating judge"
    )
    html = response.content.decode()
    assert "NL Duty Desk" in html and "FR Court" in html


def test_route_summary_longest_decision_time_and_checklist_union(official_client, route_states):
    _, brief = brief_for(official_client, "nl", ["be"], "fr")
    assert brief.longest_decision == (timedelta(days=5), route_states["FR"])
    assert brief.longest_urgent == (timedelta(hours=6), route_states["FR"])
    items = {item.label: [c.code.code for c in item.states] for item in brief.checklist}
    assert items["Summary of the facts and the offence"] == ["NL", "BE", "FR"]
    assert items["Persons and companies involved"] == ["FR"]
    assert len(items) == 4


def test_conflicts_are_found_for_a_constructed_pair(official_client, route_states):
    _, brief = brief_for(official_client, "be", [], "fr")
    topics = {c.topic for c in brief.conflicts}
    assert {
        "Substitution",
        "Accompanying officers",
        "Judicial authorisation",
        "Urgent requests",
    } <= topics
    html = official_client.get("/route/", {"origin": "be", "destination": "fr"}).content.decode()
    assert "Live delivery only in Belgium, but substitution required in France" in html


def test_no_conflict_for_a_compatible_pair(official_client, route_states):
    _, brief = brief_for(official_client, "nl", [], "be")
    assert brief.conflicts == []


def test_stale_state_is_flagged(official_client, route_states):
    response, brief = brief_for(official_client, "nl", [], "de")
    assert [s.country.code.code for s in brief.stale_stops] == ["DE"]
    assert "STALE" in response.content.decode()


def test_missing_destination_is_a_clear_error(official_client, route_states):
    response = official_client.get("/route/", {"origin": "nl"})
    assert response.status_code == 400
    assert "Choose at least an origin and a destination." in response.content.decode()


def test_route_form_uses_no_third_party_script(official_client, route_states):
    html = official_client.get("/route/").content.decode()
    assert '<script src="/static/js/route.js"></script>' in html
    assert "http" not in html.split("<script", 1)[1].split("</script>", 1)[0]


@pytest.mark.parametrize("count", [2, 6])
def test_route_query_count_does_not_grow_per_state(
    official_client, secretariat, count, django_assert_max_num_queries
):
    codes = [c.lower() for c in ISO_CODES[:count]]
    for code in codes:
        profile_with(CountryFactory(code=code.upper()), by=secretariat, urgent_oral="yes")
    params = {"origin": codes[0], "transit": codes[1:-1], "destination": codes[-1]}
    official_client.get("/route/", params)
    with django_assert_max_num_queries(7):
        response = official_client.get("/route/", params)
    assert len(response.context["brief"].stops) == count
