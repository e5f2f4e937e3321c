"""Notes are written in Markdown, previewed, stored with their cleaned HTML and shown from it."""

import importlib
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps as django_apps
from django.db import connection

from countries.models import Profile
from countries.notes import NOTE_TAGS, html_to_markdown, render_note, sanitise_note
from tests.browserform import form_with_button
from tests.factories import profile_with
from tests.handbook.test_pdf import pages_of

EDIT = "/countries/fr/edit/legal/"
MARKDOWN = (
    "The law has **two** kinds of delivery:\n\n"
    "- *monitored*\n- assisted\n\n"
    "See the [guide](https://law.example.org/cd)."
)


def _edit_form(client, path=EDIT):
    page = client.get(path)
    assert page.status_code == 200
    return form_with_button(page.content.decode(), "Save a new version")


def test_markdown_typed_in_the_form_is_stored_with_its_html_and_shown(secretariat_client, france):
    form = _edit_form(secretariat_client)
    response = secretariat_client.post(
        EDIT, form.post_data(legal_note=MARKDOWN.replace("\n", "\r\n"), reason="Two kinds")
    )
    assert response.status_code == 302
    profile = Profile.objects.get(country=france)
    assert profile.legal_note == MARKDOWN
    assert profile.legal_note_html == (
        "<p>The law has <strong>two</strong> kinds of delivery:</p>\n"
        "<ul>\n<li><em>monitored</em></li>\n<li>assisted</li>\n</ul>\n"
        '<p>See the <a href="https://law.example.org/cd" rel="noopener noreferrer">guide</a>.</p>'
    )
    page = secretariat_client.get("/countries/fr/").content.decode()
    assert "<li><em>monitored</em></li>" in page and "**two**" not in page
    # The form opens on the source, as typed.
    assert _edit_form(secretariat_client).post_data()["legal_note"] == [
        MARKDOWN.replace("\n", "\r\n")
    ]


def test_preview_shows_the_note_keeps_everything_typed_and_saves_nothing(
    secretariat_client, france
):
    form = _edit_form(secretariat_client)
    typed = form.post_data(
        pressed="Preview the note",
        legal_note="A *first* draft",
        legal_basis="Code, art. 2",
        reason="",
    )
    response = secretariat_client.post(EDIT, typed)
    assert response.status_code == 200
    page = response.content.decode()
    preview = page.split('id="note-preview"', 1)[1].split("</section>", 1)[0]
    assert "A <em>first</em> draft" in preview
    assert "There is a problem" not in page  # no reason is needed to look
    again = form_with_button(page, "Save a new version").post_data()
    assert again["legal_note"] == ["A *first* draft"]
    assert again["legal_basis"] == ["Code, art. 2"]
    assert Profile.objects.get(country=france).version == 1
    assert Profile.objects.get(country=france).legal_note == ""


def test_preview_shows_a_wrong_answer_but_asks_for_no_reason(secretariat_client, france):
    form = _edit_form(secretariat_client)
    typed = form.post_data(
        pressed="Preview the note", legal_basis_url="not a web address", legal_note="Draft"
    )
    page = secretariat_client.post(EDIT, typed).content.decode()
    assert "There is a problem" in page and "Enter a valid URL" in page
    assert "Give a reason" not in page
    assert 'value="not a web address"' in page
    assert Profile.objects.get(country=france).version == 1


@pytest.mark.parametrize(
    "typed",
    [
        "[call me](javascript:alert(1))",
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">call me</a>',
        "[call me](JaVaScRiPt:alert(1))",
        "[call me](data:text/html;base64,PHNjcmlwdD4=)",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_script_and_unsafe_links_are_neutralised(secretariat_client, france, typed):
    form = _edit_form(secretariat_client)
    secretariat_client.post(EDIT, form.post_data(legal_note=typed, reason="Try"))
    stored = Profile.objects.get(country=france).legal_note_html
    assert stored and _only_safe_markup(stored)
    page = secretariat_client.get("/countries/fr/").content.decode()
    assert _only_safe_markup(_note_text(page))
    preview = secretariat_client.post(
        EDIT, form.post_data(pressed="Preview the note", legal_note=typed)
    )
    shown = preview.content.decode().split('id="note-preview"', 1)[1].split("</section>", 1)[0]
    assert _only_safe_markup(_note_text(shown))


def _note_text(html: str) -> str:
    """The note as shown: inside its element marked with the language it is written in."""
    return html.split('<div class="note-text" lang="en">', 1)[1].split("</div>", 1)[0]


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _only_safe_markup(html: str) -> bool:
    """Only allow-listed tags; a link has an http(s) address and nothing runs."""
    parser = _Markup()
    parser.feed(html)
    for tag, attrs in parser.tags:
        if tag not in NOTE_TAGS | {"h3"}:
            return False
        if set(attrs) - {"href", "rel"}:
            return False
        if "href" in attrs and not attrs["href"].startswith(("https://", "http://")):
            return False
    return True


def test_stored_html_is_cleaned_again_on_the_way_out(secretariat_client, secretariat, france):
    # Written straight to the database, as if the services had been bypassed.
    Profile.objects.filter(country=france).update(
        legal_note="x",
        legal_note_html='<p onclick="x()">Art. <strong>5</strong> <img src="file:///etc/passwd">'
        '<a href="javascript:alert(1)">bad</a> <a href="https://law.example.org">law</a></p>',
    )
    html = secretariat_client.get("/countries/fr/").content.decode()
    assert "<strong>5</strong>" in html
    assert "onclick" not in html and "file:///etc/passwd" not in html
    assert "javascript:" not in html
    assert 'href="https://law.example.org"' in html


def test_pdf_shows_the_stored_html(official_client, secretariat, france):
    profile_with(france, by=secretariat, legal_note="A **bold** step\n\n- first item")
    text = "\n".join(pages_of(official_client.get("/countries/fr/pdf")))
    assert "A bold step" in text and "first item" in text and "**" not in text


def test_search_indexes_the_text_not_the_markup(official_client, secretariat, france):
    profile_with(france, by=secretariat, legal_note="Ask for **pseudoephedrine** tests & more")
    response = official_client.get("/search/", {"q": "pseudoephedrine"})
    assert [r.country.code.code for r in response.context["results"]] == ["FR"]
    html = response.content.decode()
    assert "**" not in html and "&amp;amp;" not in html


def test_history_and_diff_show_the_markdown_source(secretariat_client, secretariat, france):
    profile_with(france, by=secretariat, legal_note="Old *wording*")
    profile_with(france, by=secretariat, legal_note="New **wording**", reason="Reworded")
    records = Profile.history.filter(country=france).order_by("history_id")
    older, newer = records[1], records[2]
    page = secretariat_client.get(
        "/countries/fr/history/diff/", {"a": older.history_id, "b": newer.history_id}
    ).content.decode()
    assert "Old *wording*" in page and "New **wording**" in page


def test_revert_restores_the_note_and_its_html(secretariat_client, secretariat, france):
    profile_with(france, by=secretariat, legal_note="First *note*")
    first = Profile.history.filter(country=france).order_by("-history_id").first()
    profile_with(france, by=secretariat, legal_note="Second")
    response = secretariat_client.post(
        f"/countries/fr/history/{first.history_id}/revert/",
        {"version": 3, "reason": "Back"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(country=france)
    assert profile.legal_note == "First *note*"
    assert profile.legal_note_html == "<p>First <em>note</em></p>"


# The conversion of the old HTML notes -------------------------------------------------------

CONVERSIONS = [
    ("<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("<p>Line<br>break</p>", "Line\nbreak"),
    ("<strong>a</strong> <b>b</b> <em>c</em> <i>d</i>", "**a** **b** *c* *d*"),
    ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
    ("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
    ("<ul><li>one<ul><li>inner</li></ul></li></ul>", "- one\n   - inner"),
    ('<a href="https://x.example/a_b">the law</a>', "[the law](https://x.example/a_b)"),
    ('<a href="javascript:alert(1)">bad</a>', "bad"),
    ("Plain text, no tags", "Plain text, no tags"),
    ("2 * 3 = [six] &amp; <i>more</i>", "2 \\* 3 = \\[six\\] & *more*"),
    ("1. not a list\n- nor this", "1\\. not a list\n\\- nor this"),
    ("<p>Kept<script>alert(1)</script> <img src=x>text</p>", "Kept text"),
]


@pytest.mark.parametrize(("html", "markdown"), CONVERSIONS)
def test_html_to_markdown_converts_the_allow_listed_tags(html, markdown):
    assert html_to_markdown(html) == markdown


def _same(html: str) -> str:
    """HTML as read: without the whitespace between tags, paragraphs implied."""
    flat = "".join(line.strip() for line in html.replace("<br />", "<br>").splitlines())
    flat = re.sub(r'<a rel="noopener noreferrer">(.*?)</a>', r"\1", flat)  # a link to nowhere
    return flat if flat.startswith(("<p>", "<ul>", "<ol>")) else f"<p>{flat}</p>"


@pytest.mark.parametrize(("html", "markdown"), CONVERSIONS)
def test_converted_markdown_renders_to_the_same_html(html, markdown):
    old = re.sub(r"<(/?)b>", r"<\1strong>", re.sub(r"<(/?)i>", r"<\1em>", html))
    expected = sanitise_note(old.replace("\n", "<br>"))
    assert _same(render_note(html_to_markdown(html))) == _same(expected)


def test_migration_turns_html_notes_into_markdown_and_keeps_the_html(secretariat, france):
    old = "<p>The judge <strong>must</strong> be told.</p><ul><li>by phone</li></ul>"
    profile_with(france, by=secretariat, reason="Old note")
    # As the database held them before: HTML in the note, no HTML column yet.
    Profile.objects.filter(country=france).update(
        legal_note=old, legal_note_html="", practical_note="Line one\nline two"
    )
    Profile.history.filter(country=france).update(legal_note=old, legal_note_html="")
    migration = importlib.import_module("countries.migrations.0011_notes_to_markdown")
    with connection.schema_editor() as editor:
        migration.forwards(django_apps, editor)
    profile = Profile.objects.get(country=france)
    assert profile.legal_note == "The judge **must** be told.\n\n- by phone"
    assert profile.legal_note_html == old  # what the page showed, exactly
    assert profile.practical_note == "Line one\nline two"
    assert profile.practical_note_html == "Line one<br>line two"
    for record in Profile.history.filter(country=france):
        assert record.legal_note == profile.legal_note and record.legal_note_html == old
    # A second run changes nothing; going back restores the HTML.
    with connection.schema_editor() as editor:
        migration.forwards(django_apps, editor)
    assert Profile.objects.get(country=france).legal_note == profile.legal_note
    with connection.schema_editor() as editor:
        migration.backwards(django_apps, editor)
    assert Profile.objects.get(country=france).legal_note == old
