"""A demo user logs in through the real pages in Chromium: password, then TOTP."""

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import totp_current_code
from demo.loader import DEMO_PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_official_logs_in_with_totp_and_sees_the_country_list(live_server, page):
    call_command("load_demo", verbosity=0)
    page.goto(f"{live_server.url}/countries/")
    assert "/accounts/login/" in page.url

    page.fill("#id_username", "official")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/verify/**")
    assert page.locator("h1").inner_text() == "Enter your code"

    device = TOTPDevice.objects.get(user__username="official")
    page.fill("#id_token", totp_current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url("**/countries/")

    assert page.locator("h1").inner_text() == "Participating states"
    assert page.locator("table.countries tbody tr").count() >= 57
    assert page.get_by_role("link", name="France").is_visible()
    assert "Olivia Official" in page.locator(".who").inner_text()
    assert page.locator(".marking").first.inner_text().startswith("RESTRICTED")
    assert page.console_errors == []  # no CSP violation, no failed asset
    screenshot(page, "login-country-list")

    page.get_by_role("link", name="France").click()
    page.wait_for_url("**/countries/fr/")
    assert "France" in page.locator("h1").inner_text()
