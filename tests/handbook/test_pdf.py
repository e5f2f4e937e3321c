"""PDF exports are real: rendered by WeasyPrint, parsed back with pypdf."""

import gc
import http.server
import io
import threading

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from countries import schema
from countries.models import Profile
from handbook.models import AuditAction, AuditEntry
from handbook.pdf import (
    PDF_BASE_URL,
    PdfFetchRefused,
    StaticOnlyFetcher,
    static_file_for,
    write_pdf,
)

pytestmark = pytest.mark.django_db


def pages_of(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 0
    return [page.extract_text() for page in reader.pages]


def assert_marked(pages: list[str], user) -> None:
    for number, text in enumerate(pages, start=1):
        assert "RESTRICTED" in text, number
        assert user.full_name in text, number
        assert user.organisation in text, number
        assert f"Page {number} of {len(pages)}" in text, number
        assert "UTC" in text, number


def test_country_pdf_carries_marking_user_and_data(official, official_client, route_states):
    response = official_client.get("/countries/fr/pdf")
    pages = pages_of(response)
    assert_marked(pages, official)
    text = "\n".join(pages)
    assert "France" in text and "Required: no live delivery" in text and "FR Duty Desk" in text
    assert 'filename="handbook-fr.pdf"' in response["Content-Disposition"]


def test_compare_pdf(official, official_client, route_states):
    pages = pages_of(official_client.get("/compare/pdf", {"c": ["fr", "nl", "be"]}))
    assert_marked(pages, official)
    text = " ".join("\n".join(pages).split())
    assert "Netherlands" in text and "Substitution of the drugs" in text


def test_route_pdf_has_contents_and_every_stop(official, official_client, route_states):
    pages = pages_of(
        official_client.get("/route/pdf", {"origin": "nl", "transit": ["be"], "destination": "fr"})
    )
    assert len(pages) >= 4  # summary, then one page per state
    assert_marked(pages, official)
    text = "\n".join(pages)
    assert "Contents" in text and "Route summary" in text
    substitution = next(r for r in schema.ROUTE_CONFLICTS if r.key == "substitution")
    assert str(substitution.reason) in " ".join(text.split())


def test_every_export_is_audited(official, official_client, route_states):
    official_client.get("/countries/fr/pdf")
    official_client.get("/compare/pdf", {"c": ["fr", "nl"]})
    official_client.get("/route/pdf", {"origin": "nl", "destination": "fr"})
    entries = AuditEntry.objects.filter(action=AuditAction.PDF_EXPORTED).order_by("id")
    assert [(e.actor, e.detail) for e in entries] == [
        (official, "profile FR"),
        (official, "comparison fr-nl"),
        (official, "route brief nl-fr"),
    ]
    assert entries[0].country == "FR"


def test_invalid_export_request_is_refused_and_not_audited(official_client, route_states):
    assert official_client.get("/compare/pdf", {"c": ["fr"]}).status_code == 400
    assert official_client.get("/route/pdf", {"origin": "fr"}).status_code == 400
    assert not AuditEntry.objects.filter(action=AuditAction.PDF_EXPORTED).exists()


@pytest.fixture
def listener():
    """A local HTTP server that counts the requests it gets (it must get none)."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            """Keep the test output quiet."""

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_ssrf_attempts_leave_no_trace_and_make_no_request(official_client, route_states, listener):
    base, hits = listener
    # Written straight to the database, as if the sanitiser had been bypassed.
    Profile.objects.filter(country=route_states["FR"]).update(
        legal_note_html=f'<img src="file:///etc/passwd"><img src="{base}/leak.png">'
        f'<link rel="stylesheet" href="{base}/x.css">Plain note',
    )
    pages = pages_of(official_client.get("/countries/fr/pdf"))
    text = "\n".join(pages)
    assert "root:" not in text and "Plain note" in text
    assert hits == []


def test_renderer_refuses_external_and_file_urls_even_in_raw_html(listener):
    base, hits = listener
    evil = (
        f'<link rel="stylesheet" href="{base}/x.css"><p>Body</p><img src="file:///etc/passwd">'
        f'<img src="{base}/leak.png"><iframe src="file:///etc/shadow"></iframe>'
        '<img src="/static/img/favicon.svg">'
    )
    pdf = HTML(string=evil, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Body" in text and "root:" not in text
    assert hits == []


def test_fetcher_serves_only_the_portals_static_files(listener):
    base, hits = listener
    fetcher = StaticOnlyFetcher()
    for url in [
        "file:///etc/passwd",
        f"{base}/x.png",
        "https://example.org/a.css",
        "https://handbook.pdf.invalid/etc/passwd",
        "https://handbook.pdf.invalid/static/../../etc/passwd",
        "data:text/plain,hi",
    ]:
        with pytest.raises(PdfFetchRefused):
            fetcher.fetch(url)
    assert hits == []
    assert static_file_for("https://handbook.pdf.invalid/static/css/pdf.css").name == "pdf.css"


def test_route_pdf_opens_with_the_call_sheet(official_client, route_states):
    pages = pages_of(
        official_client.get("/route/pdf", {"origin": "nl", "transit": ["be"], "destination": "fr"})
    )
    first = " ".join(" ".join(pages[:2]).split())
    assert "Call sheet" in first
    assert first.count("+33 1 99 00 12 34") >= 3  # each state's 24/7 number, readable
    assert first.index("Call sheet") < " ".join(" ".join(pages).split()).index("Route summary")
    assert "Europe/Amsterdam" in first


def test_a_layout_sets_off_no_collection_and_leaves_no_cycles_behind():
    """WeasyPrint's objects all live until the PDF is written, so collections during a layout
    would walk them for nothing (handbook.pdf); one young collection at the end frees them."""
    rows = "".join(f"<tr><th>Question {n}</th><td>Answer {n}</td></tr>" for n in range(400))
    gc.collect()
    started = []

    def record(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(record)
    try:
        pdf = write_pdf(f"<table>{rows}</table>")
    finally:
        gc.callbacks.remove(record)
    assert started == [0]
    assert gc.isenabled()
    assert gc.collect() < 1000  # nothing of the document is left for a later collection
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Question 0" in text and "Answer 399" in text
