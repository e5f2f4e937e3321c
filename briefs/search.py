"""Search across profiles, contact points and country names.

The searchable text of each country is written by `countries.search_index` on every save; this
module only reads it. PostgreSQL ranks with its full-text search (English, prefix matching);
SQLite, the local demo database, falls back to matching every word in the plain text.

Ranking: a match on the country's name comes first, then structured answers and contact points
(weight B), then text answers (C), then notes (D).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html import escape  # as Django's, less its wrapper for lazy text: the texts are str

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Q, Value
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries as countries_names

from countries import schema
from countries.models import MEMBERSHIPS, Country, stale, state_name
from countries.search_index import CONFIG, CONTACTS_SECTION, sections_for_reader
from handbook.fragments import content_key

MAX_TERMS = 8
SNIPPET_RADIUS = 80
PAGE_SIZE = 20


PHONE = re.compile(r"^\+?[\d\s().\-/]+$")


def terms_of(query: str) -> list[str]:
    """The words of a query; a phone number, however spaced, is one word of its digits (the
    index holds every number as digits only too)."""
    if PHONE.match(query.strip()) and sum(ch.isdigit() for ch in query) >= 6:
        return ["".join(ch for ch in query if ch.isdigit())]
    return [t for t in re.findall(r"\w+", query.lower()) if len(t) > 1][:MAX_TERMS]


# Filters ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnswerFilter:
    question: schema.Question
    option: schema.Option

    @property
    def token(self) -> str:
        return f"{self.question.key}:{self.option.value}"

    @property
    def label(self) -> str:
        return gettext("%(question)s: %(answer)s") % {
            "question": self.question.label,
            "answer": self.option.label,
        }


ANSWER_FILTERS = {
    f"{q.key}:{o.value}": AnswerFilter(q, o)
    for q in schema.QUESTIONS.values()
    if q.kind.filterable
    for o in q.options
}

# The questions officers ask most, offered as one-click filters.
QUICK_FILTER_NAMES = (
    schema.name("substitution", "full", where="briefs.search.QUICK_FILTERS"),
    schema.name("urgent_oral", "yes", where="briefs.search.QUICK_FILTERS"),
    schema.name("foreign_officers", "armed", where="briefs.search.QUICK_FILTERS"),
    schema.name("judicial_authorisation", "yes", where="briefs.search.QUICK_FILTERS"),
)


def quick_filters() -> list[AnswerFilter]:
    return [AnswerFilter(n.question, n.option) for n in QUICK_FILTER_NAMES]


def filter_groups() -> list[tuple[str, list[AnswerFilter]]]:
    """Every structured answer one can filter on, grouped by section, for the search form."""
    return [
        (
            section.title,
            [f for f in ANSWER_FILTERS.values() if f.question in section.questions],
        )
        for section in schema.SECTIONS
    ]


# Searching ----------------------------------------------------------------------------------
@dataclass
class Hit:
    section_key: str
    section_title: str
    snippet: SafeString


@dataclass
class Result:
    country: Country
    name: str  # the state's, in the reader's language
    rank: float
    name_match: bool
    hits: list[Hit] = field(default_factory=list)


def pattern_of(terms: list[str]) -> re.Pattern:
    """Every word beginning with one of the terms."""
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)


def highlight(plain: str, pattern: re.Pattern) -> SafeString | None:
    """An escaped snippet of a plain text around its first match, every match wrapped in
    <mark>; None when nothing matches."""
    first = pattern.search(plain)
    if first is None:
        return None
    start = max(first.start() - SNIPPET_RADIUS, 0)
    end = min(first.end() + SNIPPET_RADIUS, len(plain))
    if start:  # begin and end on whole words
        start = plain.find(" ", start, first.start()) + 1 or start
    if end < len(plain):
        end = plain.rfind(" ", first.end(), end) if " " in plain[first.end() : end] else end
    window = plain[start:end]
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts += [escape(window[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    parts.append(escape(window[last:]))
    prefix, suffix = ("… " if start else ""), (" …" if end < len(plain) else "")
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every part escaped)


def _matches(text: str, terms: list[str]) -> bool:
    return any(re.search(r"\b" + re.escape(t), text, re.IGNORECASE) for t in terms)


SECTION_TITLES = {
    **{section.key: section.title for section in schema.SECTIONS},
    CONTACTS_SECTION: _("Contact points"),
}


class Found:
    """One page of the states matching a search, best first, and how many match in all.

    Worked out when first read (`page`, `results`, `suggestion`): a page whose results are
    already rendered (`key`, handbook/fragments.py) ranks nothing and reads no texts. The key
    holds every state's digest of its texts (written with them, `Country.search_digest`) and
    whether its entry is stale, the states the filters leave, the words and the page number."""

    def __init__(self, terms: list[str], candidates, page: str | int | None):
        self.terms = terms
        self._candidates = candidates
        self._number = page
        self._states = list(
            Country.objects.values_list("code", "search_digest", "profile__confirmed_at")
        )
        self._codes = list(candidates.values_list("code", flat=True))

    @property
    def key(self) -> str:
        return content_key(
            states=[(code, digest, stale(confirmed)) for code, digest, confirmed in self._states],
            candidates=self._codes,
            terms=self.terms,
            page=self._number,
        )

    @property
    def page(self) -> Page:
        return self._worked_out[0]

    @property
    def suggestion(self) -> str:
        """The query with its misspelt words corrected, when it was needed."""
        return self._worked_out[1]

    @cached_property
    def _worked_out(self) -> tuple[Page, str, list[Result], re.Pattern | None]:
        """The page, the suggestion, the results without their snippets, the words' pattern."""
        names = {code: state_name(code) for code in self._codes}
        terms = self.terms
        if not terms:
            shown = _page_of(sorted(names, key=names.__getitem__), self._number)
            rows = _rows(shown.object_list)
            return shown, "", [Result(c, names[c.code.code], 0.0, False) for c in rows], None
        ranks, name_matches = _ranked(self._candidates, names, terms, every=True)
        if not ranks and len(terms) > 1:  # typed as a list of examples: any of the words
            ranks, name_matches = _ranked(self._candidates, names, terms, every=False)
        suggestion = ""
        if not ranks:
            corrected = [suggest_word(term) or term for term in terms]
            if corrected != terms:
                suggestion, terms = " ".join(corrected), corrected
                ranks, name_matches = _ranked(self._candidates, names, terms, every=False)
        ordered = sorted(
            ranks, key=lambda code: (code not in name_matches, -(ranks[code] or 0), names[code])
        )
        shown = _page_of(ordered, self._number)
        results = []
        for country in _rows(shown.object_list):
            code = country.code.code
            rank = float(ranks[code] or 0)
            results.append(Result(country, names[code], rank, code in name_matches))
        return shown, suggestion, results, pattern_of(terms)

    @cached_property
    def results(self) -> list[Result]:
        """The results with their snippets, the texts read for them now (one query)."""
        _page, _suggestion, shown, pattern = self._worked_out
        if pattern is None or not shown:
            return shown
        texts = dict(
            Country.objects.filter(pk__in=[r.country.code.code for r in shown])
            .annotate(sections=sections_for_reader())
            .values_list("code", "sections")
        )
        titles = {key: str(title) for key, title in SECTION_TITLES.items()}  # translated once
        for result in shown:
            for anchor, text in texts[result.country.code.code] or []:
                snippet = highlight(text, pattern)
                if snippet is not None:
                    result.hits.append(Hit(anchor, titles[anchor], snippet))
        return shown


def _page_of(rows: list, number: str | int | None) -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(number)


class NoSearch:
    """Nothing asked for: no results."""

    key, suggestion, results = "", "", []
    page = _page_of([], 1)


def search(
    query: str,
    *,
    membership: str | None = None,
    answers: list[AnswerFilter] = (),
    page: str | int | None = 1,
) -> Found | NoSearch:
    """The states matching `query` and the filters (`Found`). The texts come as stored at
    write time (`Country.search_sections`, plain): the page reads one short row per state, and
    the texts in the reader's language only for the states it shows."""
    terms = terms_of(query)
    candidates = Country.objects.with_membership(membership)
    for answer in answers:
        candidates = candidates.filter(**{f"profile__{answer.question.key}": answer.option.value})
    if not terms and not answers and membership not in MEMBERSHIPS:
        return NoSearch()
    return Found(terms, candidates, page)


def _ranked(
    candidates, names: dict[str, str], terms: list[str], *, every: bool
) -> tuple[dict[str, float], set[str]]:
    """The rank of each state matching every term (or any, if not `every`), by code; and the
    codes whose name (`names`, by code) matches."""
    hold = all if every else any
    name_matches = {
        code for code, name in names.items() if hold(_matches(name, [t]) for t in terms)
    }
    if connection.vendor == "postgresql":
        joined = (" & " if every else " | ").join(f"{t}:*" for t in terms)
        tsquery = SearchQuery(joined, search_type="raw", config=CONFIG)
        found = candidates.filter(Q(search_vector=tsquery) | Q(pk__in=name_matches)).annotate(
            rank=SearchRank(F("search_vector"), tsquery)
        )
    else:
        matching = Q() if every else Q(pk__in=[])
        for term in terms:
            if every:
                matching &= Q(search_text__icontains=term)
            else:
                matching |= Q(search_text__icontains=term)
        found = candidates.filter(matching | Q(pk__in=name_matches)).annotate(rank=Value(0.1))
    return dict(found.values_list("code", "rank")), name_matches


# "Did you mean": the word of the handbook nearest to a misspelt one ---------------------------
SIMILAR_WORD = """
    SELECT word FROM (
        SELECT DISTINCT regexp_split_to_table(lower(search_text), '[^[:alnum:]]+') AS word
        FROM countries_country
        UNION SELECT lower(unnest(%s::text[]))
    ) AS words
    WHERE length(word) > 2 AND similarity(word, %s) >= %s
    ORDER BY similarity(word, %s) DESC, word
    LIMIT 1
"""
MIN_SIMILARITY = 0.3


def suggest_word(term: str) -> str | None:
    """The word in the states' texts or names most like `term` (pg_trgm's trigram similarity
    on PostgreSQL, difflib's ratio on SQLite), or None when nothing is near enough."""
    names = list(_names_in(get_language()).values())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(SIMILAR_WORD, [names, term, MIN_SIMILARITY, term])
            row = cursor.fetchone()
        word = row[0] if row else None
    else:
        words = {
            w
            for text in Country.objects.values_list("search_text", flat=True)
            for w in re.findall(r"\w+", text.lower())
        }
        words |= {w for name in names for w in re.findall(r"\w+", name.lower())}
        close = difflib.get_close_matches(
            term, sorted(w for w in words if len(w) > 2), n=1, cutoff=0.75
        )
        word = close[0] if close else None
    return None if word is None or word.startswith(term) else word


@lru_cache(maxsize=8)  # one table per language of the site
def _names_in(language: str | None) -> dict[str, str]:
    """Every state's name in the active language, `language`: the words "did you mean" knows."""
    return {code: str(name) for code, name in countries_names}


def _rows(codes: list[str]) -> list[Country]:
    """The states of one page, in the order given, with what the results page shows."""
    found = Country.objects.filter(pk__in=codes).select_related("profile")
    found = found.only("code", "profile__confirmed_at", "profile__content_language")  # its lang
    rows = {c.code.code: c for c in found}
    return [rows[code] for code in codes]
