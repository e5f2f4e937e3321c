from datetime import timedelta

import pytest
from django.test import override_settings

from countries import schema
from tests.factories import ISO_CODES, CountryFactory, contact_for, profile_with

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
    normal, urgent = brief.decision_times
    assert normal.longest == (timedelta(days=5), route_states["FR"]) and normal.unknown == []
    assert urgent.longest == (timedelta(hours=6), route_states["FR"])
    items = {item.label: [c.code.code for c in item.states] for item in brief.checklist}
    assert items["Summary of the facts and the offence"] == ["NL", "BE", "FR"]
    assert items["Persons and companies involved"] == ["FR"]
    assert len(items) == 4


def test_unknown_decision_time_is_named_beside_the_longest_known(
    official_client, route_states, secretariat
):
    albania = CountryFactory(code="AL")
    profile_with(albania, by=secretariat, legal_basis="Code")
    response, brief = brief_for(official_client, "nl", ["al"], "fr")
    normal = brief.decision_times[0]
    assert normal.longest == (timedelta(days=5), route_states["FR"])
    assert normal.unknown == [albania]
    html = " ".join(response.content.decode().split())
    assert "<strong>5 days</strong> in France; " in html
    assert "not known for Albania" in html


def test_rules_found_on_the_constructed_route_are_shown_with_their_reason(
    official_client, route_states
):
    response, brief = brief_for(official_client, "be", [], "fr")
    conflicts = {f.rule.key for f in brief.conflicts}
    requirements = {f.rule.key for f in brief.requirements}
    assert {"substitution", "armed_officers"} <= conflicts
    assert {"judicial_authorisation", "no_urgent_oral"} <= requirements
    html = response.content.decode()
    for finding in brief.conflicts + brief.requirements:
        assert str(finding.reason) in html
        assert all(fact in html for fact in finding.facts)


def test_no_conflict_for_a_compatible_pair(official_client, route_states):
    _, brief = brief_for(official_client, "nl", [], "be")
    assert brief.conflicts == []


def test_stale_state_is_flagged_with_its_last_confirmation(official_client, route_states):
    response, brief = brief_for(official_client, "nl", [], "de")
    assert [s.country.code.code for s in brief.stale_stops] == ["DE"]
    confirmed = brief.stale_stops[0].confirmed_at.strftime("%Y-%m-%d")
    html = response.content.decode()
    assert f"Germany (last confirmed {confirmed})" in html
    assert f"Last confirmed as current on {confirmed}" in html


@override_settings(SECRETARIAT_CONTACT="Secretariat desk, +33 3 00 00 00 00")
def test_a_state_with_no_entry_says_so_and_is_not_stale(official_client, route_states, secretariat):
    norway = CountryFactory(code="NO")
    contact_for(norway, by=secretariat, role="customs", organisation="Norwegian Customs HQ")
    response, brief = brief_for(official_client, "nl", ["no"], "be")
    stop = brief.stops[1]
    assert stop.no_entry and not stop.stale
    assert brief.stale_stops == [] and brief.missing_stops == [stop]
    assert [c.organisation for c in stop.contacts] == ["Norwegian Customs HQ"]
    html = response.content.decode()
    section = html.split('id="stop-2"', 1)[1].split("</section>", 1)[0]
    assert "No entry yet" in section and "STALE" not in section
    assert "Norwegian Customs HQ" in section
    assert "Secretariat desk, +33 3 00 00 00 00" in section
    assert "STALE" not in html.split('id="summary"', 1)[1].split("</section>", 1)[0]


def _substitution_route(client, secretariat, first, second):
    """Two states answering the substitution rule's options, taken from the rule itself."""
    rule = next(r for r in schema.ROUTE_CONFLICTS if r.key == "substitution")
    key = rule.one.question.question_key
    for code, option in ((first, rule.one.options[0]), (second, rule.other.options[-1])):
        profile_with(CountryFactory(code=code), by=secretariat, **{key: option.value})
    return rule


@pytest.mark.parametrize("order", [("at", "it"), ("it", "at")])
def test_substitution_required_then_partial_only_is_flagged_in_either_order(
    official_client, secretariat, order
):
    rule = _substitution_route(official_client, secretariat, "at", "it")
    _, brief = brief_for(official_client, order[0], [], order[1])
    assert [(f.rule, set(f.states)) for f in brief.conflicts] == [(rule, {"Austria", "Italy"})]


def test_requesting_state_defaults_to_the_officials_own_and_can_be_changed(
    official, official_client, route_states, secretariat
):
    rule = next(r for r in schema.ROUTE_REQUIREMENTS if r.key == "no_common_language")
    first, second = rule.languages.question.options[:2]
    key = rule.languages.question_key
    profile_with(route_states["NL"], by=secretariat, **{key: [first.value]})
    profile_with(route_states["FR"], by=secretariat, **{key: [second.value]})
    sweden = CountryFactory(code="SE")
    profile_with(sweden, by=secretariat, **{key: [first.value]})
    official.state = "SE"
    official.save()
    _, brief = brief_for(official_client, "nl", [], "fr")
    assert brief.requesting == sweden
    assert [f.states for f in brief.requirements if f.rule is rule] == [("France", "Sweden")]
    response = official_client.get(
        "/route/", {"origin": "nl", "destination": "fr", "requesting": "fr"}
    )
    brief = response.context["brief"]
    assert brief.requesting == route_states["FR"]
    assert [f.states for f in brief.requirements if f.rule is rule] == [("Netherlands", "France")]


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
    with django_assert_max_num_queries(10):  # 7, and 3 for the legal basis of every leg
        response = official_client.get("/route/", params)
    assert len(response.context["brief"].stops) == count


def test_own_state_that_is_not_participating_is_no_error(official, official_client, route_states):
    official.state = "JP"
    official.save()
    response, brief = brief_for(official_client, "nl", [], "fr")
    assert brief.requesting is None and response.context["problems"] == []
    response = official_client.get(
        "/route/", {"origin": "nl", "destination": "fr", "requesting": "jp"}
    )
    assert response.status_code == 400
    assert "Unknown state code: JP" in response.content.decode()


def test_the_brief_opens_with_a_call_sheet_in_route_order(official_client, route_states):
    response, brief = brief_for(official_client, "nl", ["be"], "fr")
    sheet = brief.call_sheet
    assert [row.stop.country.code.code for row in sheet] == ["NL", "BE", "FR"]
    assert [row.number.organisation for row in sheet] == ["NL Duty Desk"] + [
        f"{c} Duty Desk" for c in ("BE", "FR")
    ]
    assert [row.authority.text for row in sheet] == [
        "Public prosecutor",
        "Customs",
        "Investigating judge",
    ]
    assert sheet[2].urgent.text == "No" and sheet[0].local_time.zone == "Europe/Amsterdam"
    html = response.content.decode()
    call_sheet = html.index('id="call-sheet"')
    assert call_sheet < html.index('id="summary"') < html.index("data-route-form")
    block = html[call_sheet : html.index("</section>", call_sheet)]
    assert block.count('class="call-number" href="tel:+33199001234"') == 3
    assert "/route/pdf?" in block


def test_the_brief_reads_only_the_contacts_it_shows(official_client, route_states, secretariat):
    """The 24/7 and authorising contacts, those on call, those an answer names; every contact
    of a state that has no 24/7 or authorising one."""
    be = route_states["BE"]
    customs = [
        contact_for(
            be,
            by=secretariat,
            role="customs",
            organisation=f"BE Customs {n}",
            available_24_7=n == 0,
        )
        for n in range(3)
    ]
    profile_with(be, by=secretariat, authority_transit_contact=customs[1].pk)
    norway = CountryFactory(code="NO")
    for n in range(2):
        contact_for(norway, by=secretariat, role="customs", organisation=f"NO Customs {n}")
    response, brief = brief_for(official_client, "nl", ["be", "no"], "fr")
    loaded = {c.organisation for s in brief.stops for c in s.country.contacts.all()}
    assert {"BE Customs 0", "BE Customs 1", "NO Customs 0", "NO Customs 1"} <= loaded
    assert "BE Customs 2" not in loaded  # neither on call nor named
    html = response.content.decode()
    assert "BE Customs 1" in html.split('id="stop-2"', 1)[1].split("</section>", 1)[0]
    assert "NO Customs 1" in html.split('id="stop-3"', 1)[1].split("</section>", 1)[0]
