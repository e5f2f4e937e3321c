"""Search keeps its rendered results per content (handbook/fragments.py): the same search again
reads no texts and makes no snippets, and whatever a result shows is a new part at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from countries.models import STALE_AFTER, Profile
from tests.factories import contact_changed, contact_for, profile_with

pytestmark = pytest.mark.django_db


def _results(client, **query) -> str:
    response = client.get("/search/", query)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('class="result-count"') :]


def test_the_same_search_again_ranks_nothing_and_reads_no_texts(official_client, route_states):
    first = _results(official_client, q="pseudoephedrine")
    with CaptureQueriesContext(connection) as captured:
        again = _results(official_client, q="pseudoephedrine")
    assert again == first and "<mark>pseudoephedrine</mark>" in again
    sql = " ".join(q["sql"] for q in captured)
    assert "ts_rank" not in sql and '"search_sections"' not in sql


def test_a_state_the_filters_now_leave_shows_at_once(official_client, route_states, secretariat):
    filtered = {"answer": "substitution:partial"}
    assert "Belgium" not in _results(official_client, **filtered)
    profile_with(route_states["BE"], by=secretariat, substitution="partial")
    assert "Belgium" in _results(official_client, **filtered)


def test_a_changed_text_shows_at_once(official_client, route_states, secretariat):
    _results(official_client, q="pseudoephedrine")
    profile_with(
        route_states["NL"], by=secretariat, legal_note="Transit of pseudoephedrine and ephedrine."
    )
    assert "<mark>pseudoephedrine</mark> and ephedrine" in _results(
        official_client, q="pseudoephedrine"
    )


def test_a_changed_contact_shows_at_once(official_client, route_states, secretariat):
    desk = contact_for(route_states["BE"], by=secretariat, organisation="Rivierpolitie Antwerpen")
    assert "Rivierpolitie" in _results(official_client, q="rivierpolitie")
    contact_changed(desk, by=secretariat, organisation="Rivierpolitie Gent")
    assert "Gent" in _results(official_client, q="rivierpolitie")


def test_other_words_and_other_languages_are_their_own_parts(official_client, route_states):
    assert "<mark>covered</mark>" not in _results(official_client, q="pseudoephedrine")
    assert "<mark>covered</mark>" in _results(official_client, q="pseudoephedrine covered")
    english = _results(official_client, q="pseudoephedrine")
    official_client.cookies["django_language"] = "fr"
    assert _results(official_client, q="pseudoephedrine") != english


def test_a_result_turning_stale_shows_at_once(official_client, route_states, monkeypatch):
    now = timezone.now()
    Profile.objects.filter(country=route_states["NL"]).update(
        confirmed_at=now - STALE_AFTER + timedelta(minutes=1)
    )
    assert "STALE" not in _results(official_client, q="pseudoephedrine")
    later = now + timedelta(minutes=2)  # nothing written: only time has passed
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "STALE" in _results(official_client, q="pseudoephedrine")
