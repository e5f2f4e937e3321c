"""The legal basis pages: every reader sees each state's standing with its source, "not known"
where nothing is recorded; only the secretariat edits; readers report errors like on answers."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from currency.models import ProblemReport
from handbook.models import AuditAction, AuditEntry
from legal.models import Declaration, Party
from tests.browserform import form_with_button
from tests.factories import ISO_CODES, CountryFactory

from .conftest import instrument, standing

pytestmark = pytest.mark.django_db
SOURCE = "https://example.org/chart-182"


@pytest.fixture
def latvia(db):
    lv = CountryFactory(code="LV")
    party = standing(lv, "ets182", since="2008-05-01", source_url=SOURCE)
    Declaration.objects.create(
        party=party,
        kind="authority",
        article="art. 18(4)",
        text="Ministry of the Interior",
        source_url="https://example.org/lv-182",
        version=1,
    )
    CountryFactory(code="EE")  # no record: not known
    return lv


def test_readers_see_each_states_standing_with_its_source(official_client, latvia):
    page = official_client.get("/legal/ets182/").content.decode()
    assert "Latvia" in page and "since 1 May 2008" in page
    assert f'href="{SOURCE}"' in page
    assert 'Authority designated (art. 18(4)): <span lang="en">Ministry of the Interior' in page
    estonia = page[page.index("Estonia") : page.index("</tr>", page.index("Estonia"))]
    assert "Not known" in estonia and "Not a party" not in estonia
    assert "Edit" not in page  # readers have no edit link


def test_the_state_page_lists_every_instrument(official_client, latvia):
    page = official_client.get("/legal/states/lv/").content.decode()
    assert "ETS No. 182, art. 18" in page
    assert "Report an error" not in page  # that is on each record's own page
    record = official_client.get("/legal/ets182/lv/").content.decode()
    assert "Report an error" in record and "?instrument=ets182" in record


def test_the_country_page_points_at_its_instruments(official_client, latvia):
    page = official_client.get("/countries/lv/").content.decode()
    assert 'href="/legal/states/lv/"' in page


def test_the_instrument_page_reads_the_same_number_of_queries_for_more_states(official_client):
    def states(count):
        for code in ISO_CODES[:count]:
            country = CountryFactory(code=code)
            if not country.instrument_parties.exists():
                party = standing(country, "ets182")
                for n in range(2):
                    Declaration.objects.create(
                        party=party, kind="reservation", text=f"R{n}", source_url=SOURCE, version=1
                    )

    def queries():
        official_client.get("/legal/ets182/")
        with CaptureQueriesContext(connection) as captured:
            assert official_client.get("/legal/ets182/").status_code == 200
        return len(captured)

    states(3)
    small = queries()
    states(15)
    assert queries() == small


def test_the_secretariat_edits_a_standing_through_the_form(secretariat_client, secretariat):
    CountryFactory(code="LV")
    instrument("ets182")
    page = secretariat_client.get("/legal/ets182/lv/edit/").content.decode()
    form = form_with_button(page, "Save")
    data = form.post_data(
        status="party", since="2008-05-01", source_url=SOURCE, reason="Treaty office chart"
    )
    response = secretariat_client.post("/legal/ets182/lv/edit/", data)
    assert response.status_code == 302 and response["Location"] == "/legal/ets182/lv/"
    party = Party.objects.get(country="LV")
    assert (party.status, str(party.since), party.source_url, party.version) == (
        "party",
        "2008-05-01",
        SOURCE,
        1,
    )
    assert party.history.get().history_change_reason == "Treaty office chart"
    assert AuditEntry.objects.filter(action=AuditAction.LEGAL_CHANGED, actor=secretariat).exists()
    record = secretariat_client.get("/legal/ets182/lv/").content.decode()
    assert "Treaty office chart" in record  # the version list


def test_a_checked_status_without_a_source_is_refused_and_nothing_typed_is_lost(
    secretariat_client,
):
    CountryFactory(code="LV")
    instrument("ets182")
    page = secretariat_client.get("/legal/ets182/lv/edit/").content.decode()
    data = form_with_button(page, "Save").post_data(
        status="party", note="Ratified in 2008, says the minister", reason="Press release"
    )
    response = secretariat_client.post("/legal/ets182/lv/edit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the source of a checked status." in page
    assert "Ratified in 2008, says the minister" in page and 'value="Press release"' in page
    assert not Party.objects.exists()


WRITES = [
    ("get", "/legal/add/"),
    ("post", "/legal/add/"),
    ("get", "/legal/ets182/edit/"),
    ("post", "/legal/ets182/edit/"),
    ("get", "/legal/ets182/lv/edit/"),
    ("post", "/legal/ets182/lv/edit/"),
    ("get", "/legal/ets182/lv/declarations/add/"),
    ("post", "/legal/ets182/lv/declarations/add/"),
    ("get", "/legal/declarations/{pk}/edit/"),
    ("post", "/legal/declarations/{pk}/edit/"),
    ("post", "/legal/declarations/{pk}/delete/"),
]


@pytest.mark.parametrize("who", ["official_client", "correspondent_client"])
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_nobody_but_the_secretariat_reaches_a_legal_write(
    request, latvia, correspondent, who, method, path
):
    assign_perm("countries.change_country", correspondent, latvia)  # even their own state
    client = request.getfixturevalue(who)
    declaration = Declaration.objects.get()
    data = {
        "version": "1",
        "status": "not_party",
        "source_url": SOURCE,
        "kind": "reservation",
        "text": "Changed",
        "reason": "Mine",
        "code": "mine",
        "title": "T",
        "short_title": "T",
        "scope": "open",
        "order": "1",
    }
    before = (
        list(Party.objects.values()),
        list(Declaration.objects.values()),
        instrument("ets182").version,
    )
    response = getattr(client, method)(path.format(pk=declaration.pk), data)
    assert response.status_code == 403
    after = (
        list(Party.objects.values()),
        list(Declaration.objects.values()),
        instrument("ets182").version,
    )
    assert after == before


def test_a_reader_reports_an_error_and_the_secretariat_resolves_it(
    official_client,
    correspondent_client,
    correspondent,
    secretariat,
    secretariat_client,
    latvia,
    django_capture_on_commit_callbacks,
):
    assign_perm("countries.change_country", correspondent, latvia)
    path = "/currency/lv/report/?instrument=ets182"
    page = official_client.get(path).content.decode()
    assert 'Latvia\'s standing under <span lang="en">ETS No. 182, art. 18</span>' in page
    data = form_with_button(page, "Send the report").post_data(
        kind="wrong", comment="Latvia withdrew its declaration in 2020"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(path, data)
    assert response["Location"] == "/legal/ets182/lv/"
    report = ProblemReport.objects.get()
    assert (report.instrument.code, report.country_id, report.version_reported) == (
        "ets182",
        "LV",
        1,
    )
    assert [m.to for m in mail.outbox] == [[secretariat.email]]  # the keeper, not the state's
    detail = f"/currency/reports/{report.pk}/"
    assert "Instrument: ETS No. 182, art. 18" in official_client.get(detail).content.decode()
    refused = correspondent_client.post(detail, {"how": "answer", "answer": "No"})
    assert refused.status_code == 403
    done = secretariat_client.post(detail, {"how": "answer", "answer": "Checked: it stands"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert not report.is_open
