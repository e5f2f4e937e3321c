"""In Chromium: a correspondent logs a failed test call and every reader sees it flagged; a
reader reports an answer and sees "An update has been requested"; the secretariat's dashboard
draws its map."""

import pytest
from django.core.management import call_command

from countries.models import Contact
from currency.models import ContactTestCall, ProblemReport

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_correspondent_logs_a_failed_call_and_reports_an_answer(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "correspondent")
    page.goto(f"{live_server.url}/countries/fr/")
    page.locator("#contacts").get_by_role("link", name="Record a test call").first.click()
    page.wait_for_url("**/test-calls/")
    page.get_by_label("No, nobody answered").check()
    page.get_by_role("button", name="Record the call").click()
    assert page.locator(".error-summary").is_visible()  # a failed call needs a note
    assert page.get_by_label("No, nobody answered").is_checked()  # nothing lost
    page.fill("#id_note", "Rang out twice at 03:00")
    page.get_by_role("button", name="Record the call").click()
    page.wait_for_url("**/countries/fr/#contacts")
    call = ContactTestCall.objects.get(reached=False)  # the demo logged the good ones
    assert not call.reached and Contact.objects.get(pk=call.contact_id).last_test_call_failed_on
    assert page.locator("#call-now .test-call-failed").first.is_visible()
    screenshot(page, "currency-test-call-failed")

    page.locator("#legal .answer-row").first.get_by_role("link", name="Report a problem").click()
    page.wait_for_url("**/currency/fr/report/**")
    page.get_by_label("Outdated").check()
    page.fill("#id_comment", "The statute was amended this year.")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url("**/countries/fr/#legal")
    assert ProblemReport.objects.filter(country="FR").count() == 1
    assert page.locator("#legal").get_by_text("An update has been requested").is_visible()
    assert page.console_errors == []


def test_secretariat_sees_the_dashboard_and_its_map(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "secretariat")
    page.get_by_role("link", name="Currency").click()
    page.wait_for_url("**/currency/")
    assert page.locator("svg.currency-map-svg").is_visible()
    assert page.locator("svg.currency-map-svg [data-state]").count() >= 60
    page.get_by_role("link", name="State", exact=True).click()
    page.wait_for_url("**/currency/?sort=name")
    assert page.locator("tbody th").first.inner_text() == "Albania"
    screenshot(page, "currency-dashboard")
    assert page.console_errors == []
