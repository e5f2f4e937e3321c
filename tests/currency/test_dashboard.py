"""The secretariat's currency dashboard: one row per state (last changed, last confirmed, stale or
due within 60 days, overdue or failed test calls, open reports), sortable, with a map of every
participating state drawn by the portal as SVG."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from countries.models import Country, Profile
from currency import services
from tests.factories import CountryFactory, contact_for, profile_with

PATH = "/currency/"


@pytest.fixture
def states(db, secretariat, official):
    """Belgium current, France due in 30 days, Germany stale, Italy without a profile."""
    be, fr, de, it = (CountryFactory(code=c) for c in ("BE", "FR", "DE", "IT"))
    for country, days in ((be, 10), (fr, 335), (de, 400)):
        profile_with(country, by=secretariat, legal_basis="x")
        Profile.objects.filter(country=country).update(
            confirmed_at=timezone.now() - timedelta(days=days)
        )
    desk = contact_for(fr, by=secretariat)
    services.contact_test_call_record(
        contact=desk, called_on=timezone.localdate(), reached=False, note="no", by=secretariat
    )
    services.problem_report(
        country=de, question="legal_basis", kind="wrong", comment="x", by=official
    )
    return be, fr, de, it


def row_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def test_dashboard_shows_each_states_currency(secretariat_client, states):
    response = secretariat_client.get(PATH)
    assert response.status_code == 200
    rows = {r.country.code.code: r for r in response.context["rows"]}
    assert {c: r.status for c, r in rows.items()} == {
        "BE": "current",
        "FR": "due",
        "DE": "stale",
        "IT": "none",
    }
    assert (rows["FR"].failed_calls, rows["FR"].numbers) == (1, 1)
    assert rows["DE"].open_reports == 1 and rows["BE"].open_reports == 0
    assert rows["FR"].days_left == 30
    html = response.content.decode()
    assert "1 failed" in html and "stale in 30 days" in html


def test_dashboard_sorts_by_any_column_both_ways(secretariat_client, states):
    by_status = row_names(secretariat_client.get(PATH).content.decode())
    assert by_status == ["Italy", "Germany", "France", "Belgium"]  # worst first
    assert row_names(secretariat_client.get(PATH + "?sort=name").content.decode()) == [
        "Belgium",
        "France",
        "Germany",
        "Italy",
    ]
    reports = row_names(secretariat_client.get(PATH + "?sort=-reports").content.decode())
    assert reports[0] == "Germany"
    html = secretariat_client.get(PATH + "?sort=name").content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-name"' in html
    assert row_names(secretariat_client.get(PATH + "?sort=bogus").content.decode()) == by_status


@pytest.mark.parametrize("client_name", ["official_client", "correspondent_client"])
def test_only_the_secretariat_sees_the_dashboard(request, states, client_name):
    assert request.getfixturevalue(client_name).get(PATH).status_code == 403


def test_map_draws_every_participating_state_with_its_colour(secretariat_client, db):
    call_command("loaddata", "countries", verbosity=0)
    html = secretariat_client.get(PATH).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    drawn = set(re.findall(r'data-state="([A-Z]{2})"', svg))
    assert drawn == {c.code.code for c in Country.objects.all()}
    for small in ("AD", "LI", "MC", "MT", "SM", "VA", "LU"):
        assert f'data-state="{small}" data-marker="1"' in svg
    assert 'href="/countries/fr/"' in svg and "France: No profile" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no fetch
    assert "<script" not in svg and "style=" not in svg


def test_map_colours_follow_currency(secretariat_client, states):
    svg = secretariat_client.get(PATH).content.decode()
    assert re.search(r'data-state="BE"><path d="[^"]+" fill="#2d7d46"', svg)
    assert re.search(r'data-state="DE"><path d="[^"]+" fill="#b3261e"', svg)
