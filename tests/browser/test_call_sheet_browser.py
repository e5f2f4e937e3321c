"""The route brief's call sheet: on the first screen, the whole sheet of a four-state route on
one phone screen, and reached with the keyboard alone, from building the route to the number."""

import pytest
from django.core.management import call_command

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOUR = "/route/?origin=ES&transit=FR&transit=BE&destination=NL"


def test_call_sheet_is_on_the_first_screen_and_fits_a_phone(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "official")
    found = {}
    for name, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}{FOUR}")
        numbers = page.locator("#call-sheet a[href^='tel:']")
        assert numbers.count() == 4
        first = numbers.first.bounding_box()
        sheet = page.locator("#call-sheet").bounding_box()
        found[name] = (round(first["y"]), round(sheet["height"]))
        screenshot(page, f"route-call-sheet-{name}")
        assert first["y"] + first["height"] <= height
        assert sheet["height"] <= height, f"{name}: the sheet is {sheet['height']} px tall"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    print("first tel: y and sheet height", found)  # noqa: T201 (for the closing note)
    assert page.console_errors == []


def test_a_route_is_built_and_its_first_number_reached_by_keyboard_only(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/route/")

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} not reached by Tab")

    tab_to("#origin")
    page.keyboard.type("Spain")
    tab_to("#transit-1")
    page.keyboard.type("France")
    tab_to("#destination")
    page.keyboard.type("Netherlands")
    tab_to("button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/route/?**")
    assert page.locator("#call-sheet .call-row").count() == 3
    tab_to("#call-sheet a.call-number")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused.startswith("tel:+34")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus ring on the number
    screenshot(page, "route-keyboard-focus")
