"""A request through the public form, confirmed from the e-mail, approved by the secretariat."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import AccessRequest, RequestStatus, User

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_confirmed_by_email_and_approved_by_the_secretariat(live_server, page):
    call_command("load_demo", verbosity=0)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=Ask for access")
    page.fill("#id_full_name", "Lena Lindqvist")
    page.fill("#id_organisation", "Swedish Customs (demo)")
    page.select_option("#id_state", "SE")
    page.fill("#id_function", "Investigator")
    page.fill("#id_email", "lena@example.org")
    page.fill("#id_phone", "+46 8 555 012 34")
    page.select_option("#id_role", "official")
    page.fill("#id_reason", "Deliveries through Öresund.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/request-access/sent/")
    assert "Check your e-mail" in page.locator("h1").inner_text()

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert AccessRequest.objects.get().status == RequestStatus.UNCONFIRMED
    page.click("text=Confirm my request")
    assert "reached the secretariat" in page.locator("h1").inner_text()

    log_in(page, live_server.url, "secretariat")
    page.click("nav >> text=Requests")
    screenshot(page, "vetting-queue")
    page.click("text=Lena Lindqvist")
    page.fill("#id_access_expires", "2027-06-30")
    page.click("text=Approve and send the invitation")
    page.wait_for_url("**/accounts/requests/")
    assert "Approved" in page.locator(".messages").inner_text()
    assert AccessRequest.objects.get().status == RequestStatus.APPROVED
    assert User.objects.get(email="lena@example.org").access_expires.isoformat() == "2027-06-30"
    assert "set-password" in mail.outbox[-1].body

    page.click("nav >> text=Audit log")
    log = page.locator("table.audit").inner_text()
    assert "Access request approved" in log and "Access request e-mail confirmed" in log
    screenshot(page, "audit-log")
    assert page.console_errors == []
