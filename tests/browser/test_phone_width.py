"""At 390 px no page scrolls sideways and every control of the header can be reached: on the
screen, or behind the Menu button. Every page type of the axe walk, as each role, in French:
its words are longer than English ones, so it is the stricter test of width (axe walks the
pages in English). Each page is screenshotted into test-artifacts/fr-*.png."""

import pytest
from django.core.management import call_command

from accounts.models import User

from .conftest import screenshot
from .test_accessibility import PUBLIC_PAGES, pages_for
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844

# Each header control: where it is, and whether the Menu button hides it (folded away).
HEADER_CONTROLS = """() => {
  const nav = document.querySelector('#site-nav');
  return [...document.querySelectorAll('header a, header button')].map((el) => {
    const box = el.getBoundingClientRect();
    return {
      text: (el.textContent || '').trim(),
      left: box.left, right: box.right, width: box.width, height: box.height,
      folded: !!nav && nav.contains(el),
      skip: el.classList.contains('skip-link'),
    };
  });
}"""


def _problems(page, name: str) -> list[str]:
    screenshot(page, f"fr-{name}-phone")
    assert page.locator("html").get_attribute("lang") == "fr", name
    found = []
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll > WIDTH:
        found.append(f"{name}: {scroll} px wide")
    menu = page.locator("header .nav-toggle")
    controls = page.evaluate(HEADER_CONTROLS)
    if any(c["folded"] for c in controls) and menu.is_visible():
        if menu.get_attribute("aria-expanded") != "true":
            menu.click()
        controls = page.evaluate(HEADER_CONTROLS)
    for control in controls:
        if control["skip"]:  # shown when focused: tests/browser/test_keyboard*.py
            continue
        shown = control["width"] > 0 and control["height"] > 0
        if not shown or control["left"] < 0 or control["right"] > WIDTH + 0.5:
            found.append(f"{name}: header control {control['text']!r} is not fully visible")
    return found


def _walk(page, base: str, pages: dict, prefix: str) -> list[str]:
    found = []
    for name, path in pages.items():
        if path is None:
            continue
        page.goto(f"{base}{path}")
        found += _problems(page, f"{prefix}-{name}")
    return found


@pytest.fixture
def page(browser):
    """A French browser at phone size."""
    context = browser.new_context(locale="fr-FR", viewport={"width": WIDTH, "height": HEIGHT})
    yield context.new_page()
    context.close()


def test_public_pages_fit_a_phone(live_server, page):
    found = _walk(page, live_server.url, PUBLIC_PAGES, "anonymous")
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("main button[type=submit]")
    found += _problems(page, "anonymous-login-errors")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("role", ["official", "correspondent", "secretariat"])
def test_every_page_type_fits_a_phone_as_each_role(live_server, page, role):
    call_command("load_demo", verbosity=0)
    User.objects.filter(username=role).update(language="fr")
    log_in(page, live_server.url, role)
    found = _problems(page, f"{role}-verify-done")
    found += _walk(page, live_server.url, pages_for(role), role)
    if role != "official":
        page.goto(f"{live_server.url}/countries/fr/contacts/add/")
        page.click("main button[type=submit]")
        found += _problems(page, f"{role}-contact-errors")
        page.goto(f"{live_server.url}/countries/fr/edit/legal/")
        page.locator("button[name=preview]").click()
        page.locator("#note-preview").wait_for()
        found += _problems(page, f"{role}-note-preview")
    page.locator(".logout button").click()
    page.wait_for_url("**/logged-out/")
    found += _problems(page, f"{role}-logged-out")
    assert found == [], "\n".join(found)
