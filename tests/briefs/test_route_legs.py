"""The route brief gives the legal basis of each leg, on the page (after the call sheet and the
conflicts) and in the PDF, and reads it in the same number of queries for any route."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from legal.models import Declaration, DeclarationKind
from tests.factories import ISO_CODES, CountryFactory
from tests.legal.conftest import standing

pytestmark = pytest.mark.django_db
ROUTE = "/route/?origin=fr&transit=be&transit=dk&transit=tr&destination=ge&requesting=fr"


@pytest.fixture
def route_states():
    fr = CountryFactory(code="FR", eu_member=True, schengen_member=True)
    be = CountryFactory(code="BE", eu_member=True, schengen_member=True)
    dk = CountryFactory(code="DK", eu_member=True, schengen_member=True)
    tr, ge = CountryFactory(code="TR"), CountryFactory(code="GE")
    for country in (fr, be):
        standing(country, "eio")
    standing(dk, "eio", "not_party")
    for country in (fr, be, dk):
        standing(country, "eu_mla12", "not_party")
        standing(country, "schengen73")
    for country in (fr, be, dk, tr, ge):
        standing(country, "un1988")
        standing(country, "ets182", "not_party" if country in (dk, ge) else "party")
    declaration = Declaration.objects.create(
        party=standing(tr, "naples22", "not_known"),  # outside its scope: ignored
        kind=DeclarationKind.DECLARATION,
        text="(ignored)",
        source_url="https://example.org/none",
        version=1,
    )
    assert declaration.pk
    ets_fr = fr.instrument_parties.get(instrument__code="ets182")
    Declaration.objects.create(
        party=ets_fr,
        kind=DeclarationKind.AUTHORITY,
        article="art. 18(4)",
        text="Direction centrale de la police judiciaire",
        source_url="https://example.org/fr-182",
        version=1,
    )
    return fr, be, dk, tr, ge


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_route_page_shows_each_leg_after_the_call_sheet_and_conflicts(
    official_client, route_states
):
    page = official_client.get(ROUTE).content.decode()
    assert page.index('id="call-sheet"') < page.index("Conflicts between") < page.index('id="legs"')
    assert page.index('id="legs"') < page.index('id="stop-1"')
    legs = _text(page[page.index('id="legs"') : page.index('id="stop-1"')])
    assert "Leg 1: France → Belgium" in legs
    assert "Channel: European Investigation Order" in legs
    assert "Leg 2: Belgium → Denmark" in legs
    assert "Channel: Police co-operation under Schengen art. 73" in legs
    assert "Leg 3: Denmark → Türkiye" in legs
    assert "Channel: 1988 UN Convention, art. 11, by agreement or arrangement" in legs
    assert "Leg 4: Türkiye → Georgia" in legs
    assert legs.count("Check the basis") == 2  # legs 3 and 4: only the 1988 Convention
    assert "Direction centrale de la police judiciaire" in legs  # ETS 182 is in force FR-BE
    summary = _text(page[page.index('id="summary"') : page.index('id="legs"')])
    assert "Legs to check Denmark → Türkiye , Türkiye → Georgia" in summary


def test_a_leg_with_an_unknown_state_says_what_is_not_known(official_client, route_states):
    CountryFactory(code="CH", schengen_member=True)
    page = official_client.get("/route/?origin=fr&destination=ch").content.decode()
    legs = _text(page[page.index('id="legs"') : page.index('id="stop-1"')])
    assert "Leg 1: France → Switzerland" in legs
    assert "Not known yet" in legs
    assert "Whether Switzerland is bound by Schengen Implementing Convention, art. 73" in legs
    assert "Whether Switzerland is bound by 1988 UN Convention, art. 11" in legs
    assert "Whether Switzerland is bound by ETS No. 182, art. 18" in legs
    assert "Channel: none known" in legs
    assert "Not a party" not in legs  # not known is never no


@pytest.mark.usefixtures("route_states")
def test_declarations_that_matter_are_shown_with_their_source(official_client):
    page = official_client.get("/route/?origin=fr&destination=be").content.decode()
    legs = page[page.index('id="legs"') : page.index('id="stop-1"')]
    assert (
        "France, authority designated (art. 18(4)): Direction centrale de la police judiciaire"
        in _text(legs)
    )
    assert 'href="https://example.org/fr-182"' in legs


def test_the_route_pdf_shows_each_leg(official_client, route_states):
    response = official_client.get(ROUTE.replace("/route/", "/route/pdf"))
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Legal basis, leg by leg" in text
    for leg in (
        "Leg 1: France → Belgium",
        "Leg 2: Belgium → Denmark",
        "Leg 3: Denmark → Türkiye",
        "Leg 4: Türkiye → Georgia",
    ):
        assert leg in text
    assert "Channel: European Investigation Order" in text
    assert text.count("Check the basis") == 2


def _route(count: int) -> str:
    codes = [c.lower() for c in ISO_CODES[:count]]
    transits = "".join(f"&transit={c}" for c in codes[1:-1])
    return f"/route/?origin={codes[0]}{transits}&destination={codes[-1]}"


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_route_page_queries_do_not_grow_with_legs_parties_or_declarations(official_client):
    def states(count):
        for code in ISO_CODES[:count]:
            country = CountryFactory(code=code, eu_member=True)
            if not country.instrument_parties.exists():
                party = standing(country, "ets182")
                standing(country, "un1988")
                for n in range(3):
                    Declaration.objects.create(
                        party=party,
                        kind=DeclarationKind.RESERVATION,
                        text=f"Reservation {n}",
                        source_url="https://example.org/r",
                        version=1,
                    )

    states(3)
    small = _queries(official_client, _route(3))
    states(12)
    large = _queries(official_client, _route(12))
    assert small == large
