"""In Chromium, a correspondent writes a note in Markdown, previews it, then saves it."""

import pytest
from django.core.management import call_command

from countries.models import Profile

from .conftest import screenshot
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = (
    "Call the **duty prosecutor** first.\n\n- then the judge\n- [the law](https://law.example.org)"
)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_note_is_previewed_then_saved_and_shown(live_server, page, width):
    call_command("load_demo", verbosity=0)
    page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
    version = Profile.objects.get(country="FR").version
    log_in(page, live_server.url, "correspondent")
    page.goto(f"{live_server.url}/countries/fr/edit/legal/")
    page.fill("#id_legal_note", NOTE + "\n\n<script>document.title='owned'</script>")
    page.fill("#id_legal_basis", "Code, art. 706-32")
    page.get_by_role("button", name="Preview the note").click()
    preview = page.locator("#note-preview")
    preview.wait_for()
    assert preview.locator("strong", has_text="duty prosecutor").is_visible()
    assert preview.locator("li").count() == 2
    assert preview.locator("a").get_attribute("href") == "https://law.example.org"
    assert "<script>" in preview.inner_text()  # shown as typed, never run
    assert page.title() != "owned"
    assert preview.bounding_box()["y"] < page.viewport_size["height"]  # scrolled to it
    # Everything typed is still there, and nothing was saved.
    assert page.input_value("#id_legal_basis") == "Code, art. 706-32"
    assert page.input_value("#id_legal_note").startswith(NOTE)
    assert Profile.objects.get(country="FR").version == version
    screenshot(page, f"note-preview-{width}", full_page=False)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width

    page.fill("#id_legal_note", NOTE)
    page.fill("#id_reason", "Who to call first")
    page.get_by_role("button", name="Save a new version").click()
    page.wait_for_url("**/countries/fr/#legal")
    profile = Profile.objects.get(country="FR")
    assert profile.version == version + 1 and profile.legal_note == NOTE
    note = page.locator("#legal .note")
    assert note.locator("strong", has_text="duty prosecutor").is_visible()
    assert "**" not in note.inner_text()
    assert page.console_errors == []
