"""An official builds a route of four demo states in Chromium, reads it, downloads its PDF."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_builds_a_four_state_route_and_downloads_the_pdf(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "official")
    page.click("nav >> text=Route brief")
    page.wait_for_url("**/route/")
    page.select_option("#origin", "nl")
    page.select_option("#transit-1", "be")
    page.click("text=Add a transit state")  # static/js/route.js adds a second transit field
    page.select_option("#transit-2", "fr")
    # the new field's label is the page's own word for it, passed to route.js by the template
    assert page.locator("label[for=transit-2]").inner_text() == "Transit 2"
    page.select_option("#destination", "es")
    page.click("text=Build the brief")
    page.wait_for_url("**/route/?*")

    stops = page.locator(".route-stop h2").all_inner_texts()
    expected = ["Netherlands Origin", "Belgium Transit", "France Transit", "Spain Destination"]
    assert len(stops) == 4
    assert all(want in got for want, got in zip(expected, stops, strict=True)), stops
    assert "Longest time to decide: normal" in page.locator("#summary").inner_text()
    screenshot(page, "route-brief")
    assert page.console_errors == []

    with page.expect_download() as download_info:
        page.click("text=Download the brief as PDF")
    download = download_info.value
    assert download.suggested_filename == "handbook-route-nl-be-fr-es.pdf"
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 5
    assert "Olivia Official" in text and "RESTRICTED" in text and "Spain" in text
