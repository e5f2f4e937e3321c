"""The demo correspondent edits France in Chromium, then finds the version and its diff."""

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import totp_current_code
from countries.models import Profile
from demo.loader import DEMO_PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url: str, username: str) -> None:
    """Password, then the current TOTP code, through the real pages."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/verify/**")
    device = TOTPDevice.objects.get(user__username=username)
    page.fill("#id_token", totp_current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url("**/countries/")


def test_correspondent_edits_france_and_sees_the_version_and_diff(live_server, page):
    call_command("load_demo", verbosity=0)
    versions_before = Profile.history.filter(country="FR").count()
    log_in(page, live_server.url, "correspondent")

    page.goto(f"{live_server.url}/countries/fr/")
    screenshot(page, "profile-france")
    page.locator("#authorisation").get_by_role("link", name="Edit").click()
    page.wait_for_url("**/countries/fr/edit/authorisation/")
    page.fill("#id_decision_time_urgent_0", "3")
    page.select_option("#id_decision_time_urgent_1", "hours")
    page.fill("#id_urgent_oral_condition", "Confirmed by the duty prosecutor by phone")
    page.fill("#id_reason", "Duty prosecutor rota of 2026")
    screenshot(page, "profile-edit-authorisation")
    page.click("text=Save a new version")
    page.wait_for_url("**/countries/fr/#authorisation")
    assert "Authorisation saved." in page.locator(".messages").inner_text()
    assert "3 hours" in page.locator("#authorisation").inner_text()

    page.goto(f"{live_server.url}/countries/fr/history/")
    assert Profile.history.filter(country="FR").count() == versions_before + 1
    first_row = page.locator("table.history tbody tr").first
    assert "Duty prosecutor rota of 2026" in first_row.inner_text()
    assert "Claude Correspondent" in first_row.inner_text()
    page.click("text=Compare the chosen versions")
    page.wait_for_url("**/history/diff/**")
    diff = page.locator("table.diff").inner_text()
    assert "Time to decide: urgent" in diff and "3 hours" in diff
    assert "Confirmed by the duty prosecutor by phone" in diff
    screenshot(page, "profile-diff")
    assert page.console_errors == []
