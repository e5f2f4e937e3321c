"""Requests drafted from a route brief: one per state other than the requesting one, addressed
to its competent authority, on the legal basis of the pair, with its checklist; the case facts
typed in the portal are exported as DOCX or PDF and never stored."""

import html
import io
import logging
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.views.debug import ExceptionReporter
from docx import Document
from pypdf import PdfReader

from briefs.drafts import CHECKLIST_ITEMS, PRACTICE_ITEMS
from countries import schema
from handbook.models import AuditAction, AuditEntry
from legal.models import Declaration, DeclarationKind
from tests.factories import ISO_CODES, CountryFactory, contact_for, profile_with
from tests.legal.conftest import standing

pytestmark = pytest.mark.django_db

ROUTE = {"origin": "nl", "transit": "be", "destination": "fr", "requesting": "nl"}
QUERY = "origin=nl&transit=be&destination=fr&requesting=nl"


def url(code, query=QUERY):
    return f"/route/request/{code}/?{query}"


@pytest.fixture
def linked_route(route_states, secretariat):
    """The route states; France names its court as the incoming authority's contact."""
    france = route_states["FR"]
    court = france.contacts.get(role="judicial")
    profile_with(
        france,
        by=secretariat,
        authority_incoming_contact=court.pk,
        languages=["fr"],
        request_content_condition="A copy of the judge's order.",
    )
    return route_states


def _facts(draft_page, marker=""):
    """Every item of the draft's form filled, each with the marker."""
    form = draft_page.context["form"]
    return {
        name: f"{marker} text for {name}"
        for name in form.fields
        if name.startswith("item_") or name == "reference"
    }


def test_route_brief_offers_a_draft_for_each_state_but_the_requesting_one(
    official_client, linked_route
):
    html = official_client.get("/route/", ROUTE).content.decode()
    assert f'href="/route/request/be/?{QUERY.replace("&", "&amp;")}"' in html
    assert 'href="/route/request/fr/' in html and 'href="/route/request/nl/' not in html


def test_the_draft_is_addressed_to_the_authority_for_the_states_role(official_client, linked_route):
    response = official_client.get(url("fr"))
    assert response.status_code == 200
    draft = response.context["draft"]
    assert draft.stop.role == "destination"
    with translation.override("fr"):  # the draft to France is in French
        judge = str(schema.QUESTIONS["authority_incoming"].option("investigating_judge").label)
    assert draft.authority.text == judge
    assert draft.authority_contact.text == "FR Court"
    assert draft.contacts[0].organisation == "FR Court"  # the named authority first
    html = response.content.decode()
    assert "FR Court" in html and 'href="tel:+33199001234"' in html
    assert escape(judge) in html


def test_the_checklist_is_the_states_own_plus_what_practice_adds(official_client, linked_route):
    draft = official_client.get(url("fr")).context["draft"]
    keys = [item.key for item in draft.items]
    assert keys[: len(PRACTICE_ITEMS)] == list(PRACTICE_ITEMS)
    ticked = [n for n in CHECKLIST_ITEMS if n.value in ("facts", "persons")]
    assert [i.key for i in draft.items if i.key in {n.value for n in CHECKLIST_ITEMS}] == [
        n.value for n in ticked
    ]
    further = next(item for item in draft.items if item.key == "further")
    assert "A copy of the judge's order." in further.prompt("France")
    html = official_client.get(url("fr")).content.decode()
    for item in draft.items:
        assert escape(item.label) in html


def test_unknown_checklist_asks_every_usual_item(official_client, route_states):
    draft = official_client.get(url("de", "origin=nl&destination=de&requesting=nl")).context[
        "draft"
    ]
    assert {n.value for n in CHECKLIST_ITEMS} <= {i.key for i in draft.items}
    assert "has not said what a request must contain" in draft.checklist_note


def test_legal_basis_not_known_asks_for_the_arrangement(official_client, linked_route):
    draft = official_client.get(url("be")).context["draft"]
    assert draft.basis.flagged and "arrangement" in [i.key for i in draft.items]
    assert any(
        "legal basis between Netherlands and Belgium must be checked" in g for g in draft.gaps
    )


def test_the_legal_basis_of_the_pair_with_declarations_and_channel(official_client, linked_route):
    """Netherlands and France both under ETS No. 182, France with its art. 18(4) authority."""
    standing(linked_route["NL"], "ets182")
    party = standing(linked_route["FR"], "ets182")
    Declaration.objects.create(
        party=party,
        kind=DeclarationKind.AUTHORITY,
        article="art. 18(4)",
        text="Direction centrale de la police judiciaire",
        source_url="https://example.org/fr-182",
        version=1,
    )
    draft = official_client.get(url("fr")).context["draft"]
    assert not draft.basis.flagged and "arrangement" not in [i.key for i in draft.items]
    # The draft to France is in French, its legal basis too; the basis is HTML, with what the
    # secretariat wrote marked with its language (the DOCX has its plain text).
    channel = html.unescape(strip_tags(draft.basis.channel))
    assert channel.startswith(
        "Demande au titre du Deuxième Protocole additionnel à la Convention européenne "
        "d'entraide judiciaire en matière pénale (STE n° 182), art. 18\u00a0:"
    )
    [marked] = draft.basis.lines
    assert marked.startswith('<span lang="fr">STE n° 182</span>, <span lang="en">art. 18</span>')
    assert '<span lang="en">Direction centrale de la police judiciaire</span>' in marked
    line = html.unescape(strip_tags(marked))
    assert "Direction centrale de la police judiciaire (https://example.org/fr-182)" in line
    page = official_client.get(url("fr"))
    facts = _facts(page, "Case 44")
    paragraphs, _, _ = _docx_text(
        official_client.post(url("fr"), {**facts, "export": "docx"}).content
    )
    assert line in paragraphs and channel in paragraphs


def test_french_when_the_state_accepts_french_but_not_english(official_client, linked_route):
    assert official_client.get(url("fr")).context["draft"].language == "fr"


def test_english_with_a_note_when_neither_is_accepted(official_client, linked_route, secretariat):
    profile_with(linked_route["BE"], by=secretariat, languages=["nl", "de"])
    draft = official_client.get(url("be")).context["draft"]
    assert draft.language == "en"
    assert "accepts neither English nor French" in draft.language_note


def test_a_missing_item_is_named_and_nothing_typed_is_lost(official_client, linked_route):
    page = official_client.get(url("fr"))
    facts = _facts(page, "KEPT-TEXT")
    missing = next(name for name in facts if name.startswith("item_"))
    facts[missing] = ""
    response = official_client.post(url("fr"), {**facts, "export": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "There is a problem" in html and "Still missing" in html
    heading = page.context["form"].fields[missing].label
    assert f'href="#id_{missing}">{heading}: Still missing' in html
    for name, text in facts.items():
        if text:
            assert text in html, name
    assert not AuditEntry.objects.filter(action=AuditAction.REQUEST_DRAFT_EXPORTED).exists()


def test_check_says_when_nothing_is_missing(official_client, linked_route):
    page = official_client.get(url("fr"))
    response = official_client.post(url("fr"), {**_facts(page), "export": "check"})
    assert "Nothing is missing" in response.content.decode()


def test_a_leg_with_an_unknown_state_gets_a_clear_message(official_client, linked_route):
    response = official_client.get(url("fr", "origin=nl&transit=qq&destination=fr"))
    assert response.status_code == 400
    assert "Unknown state code: QQ" in response.content.decode()


def test_no_draft_to_the_requesting_state_or_off_the_route(official_client, linked_route):
    for code in ("nl", "de"):
        response = official_client.get(url(code))
        assert response.status_code == 400
        assert f"No request to draft to {code.upper()}" in response.content.decode()


def _docx_text(content: bytes) -> tuple[list[str], list[str], list[str]]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    marks = [
        p.text for s in document.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)
    ]
    return paragraphs, cells, marks


def test_docx_export_parsed_back(official_client, linked_route, official):
    page = official_client.get(url("fr"))
    facts = _facts(page, "Case 42")
    response = official_client.post(url("fr"), {**facts, "export": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    paragraphs, cells, marks = _docx_text(response.content)
    assert "Demande de livraison surveillée — France" in paragraphs
    draft = page.context["draft"]
    with translation.override("fr"):
        headings = [item.label for item in draft.items]
    for number, (item, heading) in enumerate(zip(draft.items, headings, strict=True), start=1):
        assert f"{number}. {heading}" in paragraphs
        assert facts[item.field_name] in paragraphs
    assert f"France: {draft.authority.text}" in cells and "FR Court · +33 1 99 00 12 34" in cells
    assert any(official.full_name in m and "DIFFUSION RESTREINTE" in m for m in marks)
    assert "DIFFUSION RESTREINTE — faits de l'affaire\u00a0: ne pas transmettre au-delà du " in (
        " ".join(marks)
    )


def test_pdf_export_parsed_back(official_client, linked_route, official):
    page = official_client.get(url("be"))
    facts = _facts(page, "Case 43")
    response = official_client.post(url("be"), {**facts, "export": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert "Request for a controlled delivery — Belgium" in text
    for item in page.context["draft"].items:
        assert item.label in text
    assert "Case 43 text for item_concealment" in text
    assert all(f"Exported by {official.full_name}" in p.extract_text() for p in pages)


def test_export_is_audited_without_its_content(official_client, linked_route, official):
    page = official_client.get(url("fr"))
    official_client.post(url("fr"), {**_facts(page, "SECRET-FACT"), "export": "pdf"})
    entry = AuditEntry.objects.get(action=AuditAction.REQUEST_DRAFT_EXPORTED)
    assert entry.actor == official and entry.country == "FR"
    assert entry.detail == "request draft to FR on route NL-BE-FR, pdf"
    assert not AuditEntry.objects.filter(action=AuditAction.PDF_EXPORTED).exists()


def _tables_holding(marker: str) -> list[str]:
    """Every table of the database whose rows, as text, hold `marker` (PostgreSQL)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f'SELECT count(*) FROM "{table}" AS t WHERE t::text LIKE %s',  # noqa: S608
                [f"%{marker}%"],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found


@pytest.mark.parametrize("fmt", ["docx", "pdf", "check"])
def test_case_facts_are_stored_nowhere(official_client, linked_route, caplog, fmt):
    caplog.set_level(logging.DEBUG)
    marker = f"MARKER-{uuid.uuid4().hex}"
    page = official_client.get(url("fr"))
    facts = _facts(page, marker)
    facts[next(iter(facts))] = ""  # one missing item, then complete: both paths
    official_client.post(url("fr"), {**facts, "export": fmt})
    response = official_client.post(url("fr"), {**_facts(page, marker), "export": fmt})
    assert response.status_code == 200
    assert "countries_contact" in _tables_holding("FR Court")  # the scan sees stored text
    assert _tables_holding(marker) == []
    for session in Session.objects.all():
        assert marker not in str(session.get_decoded())
    assert marker not in caplog.text
    assert all(marker not in str(m.message()) for m in mail.outbox)
    report = ExceptionReporter(response.wsgi_request, None, None, None).get_traceback_text()
    assert marker not in report and "********" in report


def test_the_draft_page_is_not_cached(official_client, linked_route):
    response = official_client.get(url("fr"))
    assert "no-store" in response["Cache-Control"]


def test_draft_page_queries_do_not_grow_with_the_route(official_client, secretariat):
    for code in ISO_CODES[:8]:
        country = CountryFactory(code=code)
        profile_with(country, by=secretariat, languages=["en"])
        contact_for(country, by=secretariat)
    counts = []
    for length in (3, 8):
        codes = [c.lower() for c in ISO_CODES[:length]]
        transits = "".join(f"&transit={c}" for c in codes[1:-1])
        query = f"origin={codes[0]}{transits}&destination={codes[-1]}&requesting={codes[0]}"
        official_client.get(url(codes[-1], query))
        with CaptureQueriesContext(connection) as captured:
            assert official_client.get(url(codes[-1], query)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
