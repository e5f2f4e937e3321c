"""Forms in Chromium keep what nobody touched: a 24/7 contact edited in one field, an access
request approved with the proposed end date, a conflict resolved by saving again."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import DEFAULT_ACCESS_PERIOD, User
from countries.models import Contact, Profile
from countries.services import profile_update
from tests.factories import AccessRequestFactory

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _content(contact: Contact) -> dict:
    contact.refresh_from_db()
    return {field: getattr(contact, field) for field in Contact.CONTENT_FIELDS}


def test_editing_the_hours_of_a_24_7_contact_keeps_every_other_field(live_server, page):
    call_command("load_demo", verbosity=0)
    contact = Contact.objects.get(country="FR", role="police_24_7")
    assert contact.last_test_call is not None
    before = _content(contact)
    log_in(page, live_server.url, "correspondent")
    page.goto(f"{live_server.url}/countries/fr/contacts/{contact.pk}/edit/")
    assert page.locator("#id_last_test_call").count() == 0  # only the test-call log sets it
    page.fill("#id_hours", "Always, Europe/Paris time")
    page.fill("#id_reason", "New rota")
    page.click("text=Save")
    page.wait_for_url("**/countries/fr/#contacts")
    after = _content(contact)
    assert after == {**before, "hours": "Always, Europe/Paris time"}
    assert Contact.objects.get(pk=contact.pk).last_test_call == contact.last_test_call
    assert page.console_errors == []


def test_approving_with_the_proposed_end_date(live_server, page):
    call_command("load_demo", verbosity=0)
    request = AccessRequestFactory()
    proposed = timezone.localdate() + DEFAULT_ACCESS_PERIOD
    log_in(page, live_server.url, "secretariat")
    page.goto(f"{live_server.url}/accounts/requests/{request.pk}/")
    assert page.input_value("#id_access_expires") == proposed.isoformat()
    screenshot(page, "approve-request")
    page.click("text=Approve and send the invitation")
    page.wait_for_url("**/accounts/requests/")
    user = User.objects.get(email="nina@example.org")
    assert user.access_expires == proposed
    page.goto(f"{live_server.url}/accounts/users/{user.pk}/")
    assert page.input_value("#id_access_expires") == proposed.isoformat()
    assert page.console_errors == []


def test_a_conflict_is_resolved_by_choosing_and_saving_again(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "correspondent")
    page.goto(f"{live_server.url}/countries/fr/edit/legal/")
    profile = Profile.objects.get(country="FR")
    # meanwhile the secretariat changes two answers of the same section
    profile_update(
        country=profile.country,
        changes={"legal_basis": "Code of the secretariat", "double_criminality": "no"},
        expected_version=profile.version,
        by=User.objects.get(username="secretariat"),
        reason="Secretariat fix",
    )
    page.fill("#id_legal_basis", "Code of the correspondent")
    page.fill("#id_legal_basis_url", "https://example.org/correspondent")
    page.fill("#id_reason", "Correspondent fix")
    page.click("text=Save a new version")
    conflict = page.locator("section.conflict")
    assert "Code of the secretariat" in conflict.inner_text()
    assert page.input_value("#id_legal_basis_url") == "https://example.org/correspondent"
    screenshot(page, "edit-conflict")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "edit-conflict-phone")
    conflict.get_by_label("Use yours: Code of the correspondent").check()
    page.click("text=Save a new version")
    page.wait_for_url("**/countries/fr/#legal")
    profile.refresh_from_db()
    assert profile.legal_basis == "Code of the correspondent"
    assert profile.legal_basis_url == "https://example.org/correspondent"
    assert profile.double_criminality == "no"  # the secretariat's other change is kept
    assert page.console_errors == []


def test_the_language_picker_is_short_and_filters_as_one_types(live_server, page):
    call_command("load_demo", verbosity=0)
    contact = Contact.objects.get(country="FR", role="police_24_7")
    log_in(page, live_server.url, "correspondent")
    page.goto(f"{live_server.url}/countries/fr/contacts/{contact.pk}/edit/")
    group = page.locator("fieldset[data-filter='Languages']")
    assert 45 <= group.locator("input[type=checkbox]").count() <= 60
    group.get_by_label("Filter: Languages").fill("ger")
    visible = [t.strip() for t in group.locator("label:visible").all_inner_texts()]
    assert "German" in visible and "Georgian" not in visible
    assert {"French", "English"} <= set(visible)  # ticked ones stay in view
    screenshot(page, "contact-language-filter")
    page.fill("#id_reason", "Nothing but a look")
    page.click("text=Save")
    page.wait_for_url("**/countries/fr/#contacts")
    contact.refresh_from_db()
    assert sorted(contact.languages) == ["en", "fr"]  # hidden choices were still sent
