"""axe-core (WCAG 2.1 A and AA) finds nothing on any page type, as each role, at desktop and
phone width. Each page is screenshotted at both widths into test-artifacts/.

One browser context per role is logged in once and reused for all of that role's pages.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from accounts.models import User
from countries.models import Contact, Country, Profile
from currency.services import watch_start
from legal.models import Declaration, Party
from legal.services import declaration_add
from tests.factories import AccessRequestFactory, profile_with

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
AXE = Axe()

READER_PAGES = {
    "list": "/countries/",
    "country": "/countries/fr/",
    "country-without-entry": "/countries/ad/",
    "history": "/countries/fr/history/",
    "search": "/search/?q=prosecutor",
    "compare": "/compare/?c=FR&c=BE&c=DE",
    "route": "/route/?origin=ES&transit=FR&destination=BE",
    "request-draft": "/route/request/be/?origin=ES&transit=FR&destination=BE&requesting=es",
    "report-answer": "/currency/fr/report/?question=substitution",
    "reports": "/currency/fr/reports/",
    "instruments": "/legal/",
    "instrument": "/legal/eio/",
    "state-instruments": "/legal/states/fr/",
    "party": "/legal/eio/fr/",
    "report-instrument": "/currency/fr/report/?instrument=ets182",
}


PUBLIC_PAGES = {
    "login": "/accounts/login/",
    "request-access": "/accounts/request-access/",
}


def _watching(role: str) -> None:
    """The role's demo user watches Belgium and Spain, and Belgium changes afterwards, so the
    state page shows its "changed since" diff and the list a changed state."""
    user, secretariat = User.objects.get(username=role), User.objects.get(username="secretariat")
    for code in ("BE", "ES"):
        watch_start(user=user, country=Country.objects.get(code=code))
    profile_with(
        Country.objects.get(code="BE"),
        by=secretariat,
        reason="New rota",
        legal_basis="Code of Criminal Procedure, art. 126 and 127 (demo)",
        safeguards_note="Oversight by the federal prosecutor (demo).",
    )


def pages_for(role: str) -> dict[str, str | None]:
    """Every page type a role can reach, by name (the one list: axe, widths, screenshots)."""
    records = Profile.history.filter(country="FR").order_by("history_id")
    _watching(role)
    pages = {
        **READER_PAGES,
        "country-watched": "/countries/be/",
        "watching": "/currency/watching/",
        "diff": f"/countries/fr/history/diff/?a={records.first().history_id}"
        f"&b={records.last().history_id}",
        "logged-out": None,
    }
    if role in ("correspondent", "secretariat"):
        contact = Contact.objects.filter(country="FR", available_24_7=True).first()
        pages |= {
            "edit-section": "/countries/fr/edit/authorisation/",
            "contact-edit": f"/countries/fr/contacts/{contact.pk}/edit/",
            "contact-add": "/countries/fr/contacts/add/",
            "nominate": "/accounts/nominate/",
            "test-call": f"/currency/fr/contacts/{contact.pk}/test-calls/",
        }
    if role == "secretariat":
        pending = AccessRequestFactory()
        official = User.objects.get(username="official")
        pages |= {
            "requests": "/accounts/requests/",
            "request-decide": f"/accounts/requests/{pending.pk}/",
            "users": "/accounts/users/",
            "user-manage": f"/accounts/users/{official.pk}/",
            "correspondents": "/countries/fr/correspondents/",
            "audit": "/audit/",
            "currency": "/currency/",
            "rounds": "/currency/rounds/",
            "instrument-add": "/legal/add/",
            "instrument-edit": "/legal/eio/edit/",
            "party-edit": "/legal/eio/fr/edit/",
            "declaration-add": "/legal/eio/fr/declarations/add/",
            "declaration-edit": f"/legal/declarations/{_declaration().pk}/edit/",
            "declaration-delete": f"/legal/declarations/{_declaration().pk}/delete/",
        }
    return pages


def _declaration() -> Declaration:
    """A declaration to open (the seed holds none): invented for the walk, through services."""
    found = Declaration.objects.filter(party__country="FR").first()
    if found is not None:
        return found
    return declaration_add(
        party=Party.objects.get(country="FR", instrument__code="eio"),
        data={
            "kind": "declaration",
            "article": "art. 28",
            "text": "An invented declaration for the accessibility walk",
            "source_url": "https://example.org/declaration",
        },
        by=User.objects.get(username="secretariat"),
        reason="Accessibility walk",
    )


def _check(page, name: str) -> list[str]:
    found = []
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"a11y-{name}-{size}")
        results = AXE.run(page, options=WCAG)
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.append(f"{name} ({size}): {violation['id']} x{len(violation['nodes'])} {targets}")
    return found


def _context(browser):
    return browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})


def test_public_pages_have_no_violation(live_server, browser):
    context = _context(browser)
    page = context.new_page()
    found = []
    for name, path in PUBLIC_PAGES.items():
        page.goto(f"{live_server.url}{path}")
        found += _check(page, name)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("main button[type=submit]")  # empty: comes back with its errors
    found += _check(page, "login-errors")
    context.close()
    assert found == []


@pytest.mark.parametrize("role", ["official", "correspondent", "secretariat"])
def test_every_page_type_has_no_violation(live_server, browser, role):
    call_command("load_demo", verbosity=0)
    context = _context(browser)
    page = context.new_page()
    log_in(page, live_server.url, role)
    found = _check(page, f"{role}-verify-done")
    for name, path in pages_for(role).items():
        if path is None:
            continue
        page.goto(f"{live_server.url}{path}")
        found += _check(page, f"{role}-{name}")
    page.goto(f"{live_server.url}{READER_PAGES['request-draft']}")
    page.click("text=Check what is missing")  # nothing typed: every item is named missing
    found += _check(page, f"{role}-request-draft-errors")
    if role != "official":
        page.goto(f"{live_server.url}/countries/fr/contacts/add/")
        page.click("text=Save")  # an empty contact: the error summary and field errors
        found += _check(page, f"{role}-contact-errors")
        page.goto(f"{live_server.url}/countries/fr/edit/legal/")
        page.get_by_role("button", name="Preview the note").click()
        page.locator("#note-preview").wait_for()
        found += _check(page, f"{role}-note-preview")
    page.click("text=Log out")
    page.wait_for_url("**/logged-out/")
    found += _check(page, f"{role}-logged-out")
    context.close()
    assert found == [], "\n".join(found)
