"""An official builds routes of demo states in Chromium: one with a conflict and a state with
no entry yet, one without conflicts; and changes the requesting state."""

import pytest
from django.core.management import call_command

from countries import schema

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUBSTITUTION = next(r for r in schema.ROUTE_CONFLICTS if r.key == "substitution")
LANGUAGE = next(r for r in schema.ROUTE_REQUIREMENTS if r.key == "no_common_language")


def build(page, origin, transits, destination, requesting=None):
    page.select_option("#origin", origin)
    for number, code in enumerate(transits, start=1):
        if number > 1:
            page.click("text=Add a transit state")
        page.select_option(f"#transit-{number}", code)
    page.select_option("#destination", destination)
    if requesting is not None:
        page.select_option("#requesting", requesting)
    page.click("text=Build the brief")
    page.wait_for_url("**/route/?*")


def test_routes_with_and_without_conflicts(live_server, page):
    call_command("load_demo", verbosity=0)  # AT requires substitution, IT partial only
    log_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/route/")
    assert page.locator("#requesting").input_value() == "nl"  # the official's own state

    build(page, "at", ["it"], "al")
    summary = page.locator("#summary")
    conflicts = summary.locator("ul.findings.conflicts > li")
    assert conflicts.count() == 1
    assert str(SUBSTITUTION.reason) in conflicts.inner_text()
    assert "not known for Albania" in summary.inner_text()
    assert "Albania" in summary.locator("dd.missing").inner_text()
    stale = summary.locator("dd.stale-list").inner_text()
    assert "Italy (last confirmed" in stale and "Albania" not in stale
    albania = page.locator("#stop-3")
    assert "No entry yet" in albania.inner_text() and "STALE" not in albania.inner_text()
    assert "Secretariat:" in albania.inner_text()
    screenshot(page, "route-conflict")
    assert page.console_errors == []

    page.goto(f"{live_server.url}/route/")
    build(page, "nl", [], "pl")
    assert page.locator("#summary ul.findings.conflicts").count() == 0
    assert "No conflicting answers found" in page.locator("#summary").inner_text()
    screenshot(page, "route-no-conflict")

    page.goto(f"{live_server.url}/route/")
    build(page, "nl", ["it"], "pl", requesting="fr")  # France accepts French only
    requirements = page.locator("#summary ul.findings.requirements").inner_text()
    assert str(LANGUAGE.topic) in requirements and str(LANGUAGE.reason) in requirements
    assert "France (requesting state)" in requirements
    assert page.console_errors == []
