"""Comparing ten states on screen: the state names and the question column stay in view while
the table scrolls, and conditions can be shown under the answers by keyboard or touch."""

import pytest
from django.core.management import call_command

from countries.models import Profile

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ten_states_keep_their_headings_in_view_and_show_conditions(live_server, page):
    call_command("load_demo", verbosity=0)
    codes = list(Profile.objects.values_list("country", flat=True)[:10])
    log_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/compare/?" + "&".join(f"c={c}" for c in codes))
    wrap = page.locator(".matrix-wrap")
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = 600; }")
    assert wrap.evaluate("el => el.scrollLeft") > 500  # ten states do not fit: it scrolled
    box = wrap.bounding_box()
    question = page.locator(".matrix-wrap th[scope=row]").nth(8).bounding_box()
    last_state = page.locator(".matrix-wrap thead th").last.bounding_box()
    assert abs(question["x"] - box["x"]) < 3  # the question column is pinned to the left
    assert abs(last_state["y"] - box["y"]) < 3  # the state names are pinned to the top
    screenshot(page, "compare-10-scrolled", full_page=False)  # the viewport, as seen

    condition = page.locator(".matrix-wrap .condition").first
    assert not condition.is_visible()
    page.get_by_label("Show conditions under each answer").focus()
    page.keyboard.press("Space")
    assert condition.is_visible()
    assert page.console_errors == []


def test_the_state_picker_is_grouped_and_filters_as_one_types(live_server, page):
    call_command("load_demo", verbosity=0)
    log_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/compare/")
    picker = page.locator("fieldset[data-filter='States']")
    titles = picker.locator(".picker-group-title").all_inner_texts()
    assert titles[0] == "Council of Europe members" and len(titles) >= 2
    assert picker.get_by_label("United States").is_visible()  # no inner box ending at Russia
    picker.get_by_label("Filter: States").fill("nor")
    visible = [t.strip() for t in picker.locator("label:visible").all_inner_texts()]
    assert "Norway" in visible and "France" not in visible
    picker.get_by_label("Norway").check()
    picker.get_by_label("Filter: States").fill("swi")
    picker.get_by_label("Switzerland").check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/?**")
    heads = [h.lower() for h in page.locator(".matrix-wrap thead th").all_inner_texts()]
    assert any("norway" in h for h in heads) and any("switzerland" in h for h in heads)
