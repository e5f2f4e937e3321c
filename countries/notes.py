"""Notes: written in Markdown, stored with their HTML, shown from the HTML.

A correspondent types Markdown (CommonMark, with raw HTML switched off, so `<script>` is shown as
typed, never run). At write time the services render it and clean the result with the nh3
allow-list below; pages and PDFs show that stored HTML, cleaned once more on the way out.

`html_to_markdown` turns an old HTML note (the allow-listed tags only) into Markdown, for the
migration that moved the notes from HTML to Markdown.
"""

import re
from html import unescape
from html.parser import HTMLParser

import nh3
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

NOTE_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
NOTE_HELP = _(
    "Markdown: **bold**, *italic*, lists with “- ” or “1. ” at the start of a line, links as "
    "[text](https://…). A new line is kept as a line break; HTML is shown as typed. Use "
    "“Preview the note” to see it before saving."
)

# CommonMark without raw HTML; the constructs the allow-list would drop anyway (headings, code,
# quotes, rules, images) are off, so what is typed for them stays visible as typed.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    [
        "code",
        "fence",
        "blockquote",
        "hr",
        "heading",
        "lheading",
        "html_block",
        "html_inline",
        "backticks",
        "image",
    ]
)


def sanitise_note(html: str) -> str:
    """The allow-list for formatted notes: a few tags, http(s) links, nothing executable."""
    return nh3.clean(
        html,
        tags=NOTE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
    ).strip()


def render_note(markdown: str) -> str:
    """The HTML of a Markdown note, cleaned by the allow-list ("" for an empty note)."""
    if not markdown.strip():
        return ""
    return sanitise_note(_MARKDOWN.render(markdown))


def note_text(html: str) -> str:
    """The words of a note's stored HTML, for search: no tags, no entities, blocks apart."""
    return " ".join(unescape(re.sub(r"<[^>]*>", " ", html)).split())


# HTML -> Markdown ------------------------------------------------------------------------------

_INLINE_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_ESCAPE = re.compile(r"([\\*_\[\]<>`])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(?=\s|$)", re.MULTILINE)


def _escape(text: str) -> str:
    text = _ENTITY_LIKE.sub(r"\\&", _ESCAPE.sub(r"\\\1", text))
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", text)


class _ToMarkdown(HTMLParser):
    """Walks allow-listed HTML and writes Markdown blocks: paragraphs and (nested) lists."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.inline: list[str] = []  # the text of the paragraph or list item being written
        self.lists: list[list] = []  # per open list: [tag, next number]
        self.links: list[str | None] = []

    def _flush(self) -> None:
        text = "".join(self.inline).strip(" \t")
        text = "\n".join(line.strip() for line in text.strip("\n").split("\n"))
        self.inline = []
        if not text:
            return
        if self.lists:
            kind = self.lists[-1]
            marker = "-" if kind[0] == "ul" else f"{kind[1]}."
            indent = "   " * (len(self.lists) - 1)
            hang = indent + " " * (len(marker) + 1)
            self.blocks.append(indent + marker + " " + text.replace("\n", "\n" + hang))
        else:
            self.blocks.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "ul", "ol", "li"):
            self._flush()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 1])
        elif tag == "br":
            self.inline.append("\n")
        elif tag in _INLINE_MARKS:
            self.inline.append(_INLINE_MARKS[tag])
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            keep = href if re.match(r"https?://", href) else None
            self.links.append(keep)
            if keep:
                self.inline.append("[")

    def handle_endtag(self, tag):
        if tag in _INLINE_MARKS:
            self.inline.append(_INLINE_MARKS[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.inline.append(f"]({href.replace(' ', '%20').replace(')', '%29')})")
        elif tag == "li":
            self._flush()
            if self.lists:
                self.lists[-1][1] += 1
        elif tag == "p":
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()

    def handle_data(self, data):
        self.inline.append(_escape(data))


def html_to_markdown(html: str) -> str:
    """Markdown that `render_note` turns back into the same allow-listed HTML.

    Paragraphs, line breaks, bold, italic, lists (nested ones too) and http(s) links; anything
    outside the allow-list is dropped first (its text kept), as the pages always did.
    """
    parser = _ToMarkdown()
    parser.feed(nh3.clean(html, tags=NOTE_TAGS | {"b", "i"}, attributes={"a": {"href"}}))
    parser.close()
    parser._flush()
    item = re.compile(r"\s*(-|\d+\.) ")
    out = ""
    for previous, block in zip([None, *parser.blocks], parser.blocks, strict=False):
        if previous is not None:
            out += "\n" if item.match(previous) and item.match(block) else "\n\n"
        out += block
    return out.strip()
