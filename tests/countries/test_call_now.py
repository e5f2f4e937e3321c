"""A state's page opens with whom to call now: 24/7 numbers to tap, the local time, who
authorises, and the PDF."""

import json
from datetime import UTC, datetime
from pathlib import Path

from countries.zones import local_time
from tests.factories import CountryFactory, contact_for

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "countries.json"


def test_call_now_comes_before_the_profile_with_tap_to_call_numbers(official_client, france):
    html = official_client.get("/countries/fr/").content.decode()
    call_now = html.index('id="call-now"')
    assert call_now < html.index('id="legal"')
    block = html[call_now : html.index("</section>", call_now)]
    assert '<a class="call-number" href="tel:+33199001234">+33 1 99 00 12 34</a>' in block
    assert "mailto:desk@example.org" in block
    assert "Europe/Paris" in block
    assert 'href="/countries/fr/pdf"' in block and "Download PDF" in block
    assert "Competent authority: incoming" in block


def test_a_state_without_a_24_7_number_says_so(official_client, france, secretariat):
    CountryFactory(code="LU")
    contact_for(CountryFactory(code="LU"), by=secretariat, available_24_7=False, role="customs")
    html = official_client.get("/countries/lu/").content.decode()
    assert "No 24/7 contact point is recorded for Luxembourg" in html


def test_local_time_is_the_capitals_and_names_other_zones():
    winter = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
    paris = local_time("FR", winter)
    assert (paris.zone, paris.clock, paris.offset, paris.others) == (
        "Europe/Paris",
        "02:30",
        "UTC+01:00",
        (),
    )
    lisbon = local_time("PT", winter)
    assert lisbon.zone == "Europe/Lisbon" and lisbon.others == ("Atlantic/Azores",)
    assert local_time("RU", winter).zone == "Europe/Moscow"
    assert local_time("UA", winter).zone == "Europe/Kyiv"
    assert local_time("DE", winter).others == ()  # Büsingen keeps Berlin's clock


def test_every_participating_state_has_a_time_zone():
    codes = [entry["pk"] for entry in json.loads(FIXTURE.read_text())]
    assert [code for code in codes if local_time(code) is None] == []
