"""Find English left on a page that should be French.

A page's readable text is its text nodes and the attributes people read or hear (aria-label,
title, placeholder, alt, and the value of a button-like input), outside <script>/<style> and
outside any element whose `lang` is not French (content kept as its author wrote it). Text
counts as English when it holds a word that English uses and French does not (the function
words below, and the interface words the portal uses): a leftover label, heading or
sentence has at least one. State codes (AT, IT, IS),
e-mail addresses and links are not words. Proper names and codes
that contain such a word are allowed by name in ALLOWED."""

import re
from html.parser import HTMLParser

# Words of English that are not also French words (so "on", "a", "an", "page", "contact",
# "contacts", "date", "note", "notes", "question", "transit", "version", "minutes", "close" and
# "instrument" are not here).
_WORDS = """
    the and of to is are was were with for your you this that these those has have had been by
    from which will not or at it its be can may must should would there their they what when
    where who how any each yes none only also if than then into out we our please save edit add
    delete search show hide back next more new here state states countries country request
    requests password log sign name names yet never always before after ago today yesterday day
    days week weeks month months year years hour hours about one two three all other others
    changed changes history see open closed send sent check checked missing required
    error errors field phone number call calls legal basis answer answers known unknown watch
    watching report reports round rounds user users access role roles why
"""
ENGLISH_WORDS = frozenset(_WORDS.split())
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
_VOID = "area base br col embed hr img input link meta source track wbr"
VOID = frozenset(_VOID.split())
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[A-Za-z]+)?")
# Not words: addresses, links and the placeholders of a message.
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|%\([a-z_]+\)[sd]|\{[a-z_]*\}|<[^>]+>")


def english_words(text: str) -> set[str]:
    """The words of `text` that English has and French does not (codes like AT, IT aside)."""
    words = WORD.findall(NOT_WORDS.sub(" ", text))
    return {w.lower() for w in words if not (w.isupper() and len(w) <= 3)} & ENGLISH_WORDS


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.found: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        if tag in ("script", "style", "template"):
            skipped = True
        elif lang is not None and tag != "html":  # its own language, whatever its parent's
            skipped = not lang.startswith("fr")
        else:
            skipped = self._skipped()
        if not skipped:
            self.found += [attrs[name] for name in ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                self.found.append(attrs.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.found.append(" ".join(data.split()))


def readable_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.found


def english_left(html: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The pieces of readable text that still look English, minus the allowed ones."""
    left = []
    for text in readable_text(html):
        if text in allowed:
            continue
        if english_words(text):
            left.append(text)
    return sorted(set(left))
