"""On a state's page the first tap-to-call number is on the first screen, desktop and phone
(that no page scrolls sideways on a phone: tests/browser/test_phone_width.py)."""

import pytest
from django.core.management import call_command

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def test_first_number_is_on_the_first_screen(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "official")
    positions = {}
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/countries/fr/")
        number = page.locator("a[href^='tel:']").first
        box = number.bounding_box()
        positions[name] = round(box["y"])
        assert box["y"] + box["height"] <= height, f"{name}: first number at y={box['y']}"
        assert number.inner_text().startswith("+33 ")
        screenshot(page, f"country-call-now-{name}")
    print("first tel: link y", positions)  # noqa: T201 (reported in the closing note)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/countries/fr/")
    menu = page.get_by_role("button", name="Menu")
    assert not page.get_by_role("link", name="Compare").is_visible()
    menu.click()
    assert page.get_by_role("link", name="Compare").is_visible()
    assert page.console_errors == []
