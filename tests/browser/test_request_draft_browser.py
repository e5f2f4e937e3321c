"""An official drafts the request to one state of a route in Chromium: a missing item is named
and nothing typed is lost; the completed draft downloads as a Word document."""

import io

import pytest
from django.core.management import call_command
from docx import Document

from handbook.models import AuditAction, AuditEntry

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_drafts_a_request_and_downloads_it(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/route/?origin=nl&transit=be&destination=fr&requesting=nl")
    page.click("text=Request to France")
    page.wait_for_url("**/route/request/fr/?*")
    assert "Prosecutor General's Office (FR, demo)" in page.locator(".draft").inner_text()

    boxes = page.locator(".draft-form textarea")
    count = boxes.count()
    assert count >= 6
    for n in range(1, count):  # the first item left empty
        boxes.nth(n).fill(f"Typed fact {n}")
    page.click("text=Check what is missing")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible() and "Still missing" in summary.inner_text()
    assert page.locator(".draft-form textarea").nth(count - 1).input_value() == (
        f"Typed fact {count - 1}"
    )
    screenshot(page, "request-draft-missing")

    page.locator(".draft-form textarea").nth(0).fill("Decision of the examining judge, 1 May")
    with page.expect_download() as download_info:
        page.click("text=Download as Word (DOCX)")
    download = download_info.value
    assert download.suggested_filename == "request-fr-route-nl-be-fr.docx"
    document = Document(io.BytesIO(download.path().read_bytes()))
    text = [p.text for p in document.paragraphs]
    assert "Demande de livraison surveillée — France" in text
    assert "Decision of the examining judge, 1 May" in text and f"Typed fact {count - 1}" in text
    assert AuditEntry.objects.filter(action=AuditAction.REQUEST_DRAFT_EXPORTED).count() == 1
    assert page.console_errors == []
