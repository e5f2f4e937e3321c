"""In Chromium: an official watches a state from its page, finds it on the watched states page,
sees what changed since (the diff), and stops watching from either page."""

import pytest
from django.core.management import call_command

from accounts.models import User
from countries.models import Country
from currency.models import Watch
from tests.factories import profile_with

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_watches_a_state_sees_its_changes_and_stops(live_server, page):
    call_command("load_demo", verbosity=0)
    official = User.objects.get(username="official")
    log_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/countries/be/")
    watch = page.locator("#watch")
    watch.get_by_role("button", name="Watch this state").click()
    page.wait_for_url("**/countries/be/#watch")
    assert Watch.objects.filter(user=official, country="BE").exists()
    assert watch.get_by_text("Nothing has changed since then.").is_visible()

    profile_with(
        Country.objects.get(code="BE"),
        by=User.objects.get(username="secretariat"),
        reason="Amended",
        legal_basis="Code of Criminal Procedure, art. 127 (demo)",
    )
    page.reload()
    row = watch.locator("table.diff tbody tr").first
    assert row.locator("th").inner_text() == "National legal basis"
    assert row.locator("td.after").inner_text() == "Code of Criminal Procedure, art. 127 (demo)"
    screenshot(page, "watch-country-changed")

    page.get_by_role("link", name="Watched states").first.click()
    page.wait_for_url("**/currency/watching/")
    assert page.get_by_role("row", name="Belgium").get_by_text("Changed", exact=True).is_visible()
    page.get_by_label("State to watch").select_option(label="Spain")
    page.get_by_role("button", name="Watch", exact=True).click()
    page.wait_for_url("**/currency/watching/")
    assert set(Watch.objects.filter(user=official).values_list("country", flat=True)) == {
        "BE",
        "ES",
    }
    screenshot(page, "watch-list")
    page.get_by_role("button", name="Stop watching Spain").click()
    page.wait_for_url("**/currency/watching/")
    assert list(Watch.objects.filter(user=official).values_list("country", flat=True)) == ["BE"]

    page.goto(f"{live_server.url}/countries/be/")
    page.locator("#watch").get_by_role("button", name="Stop watching").click()
    page.wait_for_url("**/countries/be/#watch")
    assert not Watch.objects.filter(user=official).exists()
    assert page.locator("#watch").get_by_role("button", name="Watch this state").is_visible()
    assert page.console_errors == []
