"""The route page keeps its rendered brief and pickers per content (handbook/fragments.py): a
route asked for again is not worked out again, and any write it shows is a new part at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from countries.models import STALE_AFTER, Profile
from legal.models import Instrument
from legal.services import party_save
from tests.factories import contact_changed, contact_for, profile_with

pytestmark = pytest.mark.django_db
BRIEF = "briefs/_route_brief.html"
ROUTE = {"origin": "nl", "transit": ["be"], "destination": "fr"}


def _rendered(response, name: str) -> int:
    return [t.name for t in response.templates].count(name)


def _route(client, **query):
    response = client.get("/route/", {**ROUTE, **query})
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def test_a_route_asked_again_is_not_worked_out_again(official_client, route_states):
    first, again = _route(official_client), _route(official_client)
    assert _rendered(first, BRIEF) == 1 and _rendered(again, BRIEF) == 0
    assert (
        again.content.decode().split('id="summary"', 1)[1]
        == (first.content.decode().split('id="summary"', 1)[1])
    )
    # What the brief derives is worked out only for a part not yet rendered.
    assert "conflicts" in first.context["brief"].__dict__
    assert "conflicts" not in again.context["brief"].__dict__


def test_a_route_asked_again_loads_no_entry_and_no_contact(official_client, route_states):
    _route(official_client)
    with CaptureQueriesContext(connection) as captured:
        _route(official_client)
    read = [q["sql"] for q in captured]
    # The database digests them in the states' own query; nothing loads their rows.
    assert not [
        sql
        for sql in read
        if sql.startswith(('SELECT "countries_profile"', 'SELECT "countries_contact"'))
    ]
    assert any('FROM "countries_contact" _row' in sql for sql in read)


def test_the_call_sheet_clocks_move_on_with_time(official_client, route_states, monkeypatch):
    now = timezone.now().replace(hour=9, minute=15)
    monkeypatch.setattr(timezone, "now", lambda: now)
    first = _route(official_client)
    assert _rendered(first, "briefs/_call_sheet.html") == 1
    assert _rendered(_route(official_client), "briefs/_call_sheet.html") == 0
    later = now + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    clock = f"{timezone.localtime(later, route_states['NL'].local_time.now.tzinfo):%H:%M}"
    assert f'<span class="call-clock">{clock} ' in _route(official_client).content.decode()


def test_a_changed_entry_shows_at_once(official_client, route_states, secretariat):
    assert "duty prosecutor of Zeebrugge" not in _route(official_client).content.decode()
    profile_with(route_states["BE"], by=secretariat, urgent_to_whom="duty prosecutor of Zeebrugge")
    assert "duty prosecutor of Zeebrugge" in _route(official_client).content.decode()


def test_a_new_contact_number_shows_at_once(official_client, route_states, secretariat):
    desk = contact_for(route_states["BE"], by=secretariat, organisation="BE Night Desk")
    _route(official_client)
    contact_changed(desk, by=secretariat, phone="+3222999777")
    assert "+3222999777" in _route(official_client).content.decode()


def test_a_new_legal_standing_shows_at_once(official_client, route_states, secretariat):
    html = _route(official_client).content.decode()
    assert "Bilateral agreement" not in html
    treaty = Instrument.objects.create(
        code="nl-be-cd",
        kind="bilateral",
        title="Benelux arrangement",
        short_title="Benelux arrangement",
        version=1,
    )
    for code in ("NL", "BE"):
        party_save(
            instrument=treaty,
            country=route_states[code],
            changes={"status": "party", "source_url": "https://example.org/benelux"},
            expected_version=0,
            by=secretariat,
            reason="Ratified",
        )
    assert "Benelux arrangement" in _route(official_client).content.decode()


def test_an_entry_turning_stale_shows_at_once(official_client, route_states, monkeypatch):
    now = timezone.now()
    Profile.objects.filter(country=route_states["BE"]).update(
        confirmed_at=now - STALE_AFTER + timedelta(minutes=1)
    )
    assert "STALE" not in _route(official_client).content.decode()
    later = now + timedelta(minutes=2)  # nothing written: only time has passed
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "STALE" in _route(official_client).content.decode()


def test_each_route_and_each_choice_is_its_own_part(official_client, route_states):
    _route(official_client)
    other = _route(official_client, transit=[])
    assert _rendered(other, BRIEF) == 1
    assert (
        "Belgium" not in other.content.decode().split('id="summary"', 1)[1].split("</section>")[0]
    )
    chosen = _route(official_client, requesting="be").content.decode()
    assert '<option value="be" selected>' in chosen.split('id="requesting"', 1)[1]
