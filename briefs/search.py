"""Search across profiles, contact points and country names.

The searchable text of each country is written by `countries.search_index` on every save; this
module only reads it. PostgreSQL ranks with its full-text search (English, prefix matching);
SQLite, the local demo database, falls back to matching every word in the plain text.

Ranking: a match on the country's name comes first, then structured answers and contact points
(weight B), then text answers (C), then notes (D).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, Value
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from countries import schema
from countries.models import MEMBERSHIPS, Country
from countries.search_index import CONFIG, contact_search_text

MAX_TERMS = 8
SNIPPET_RADIUS = 80


def terms_of(query: str) -> list[str]:
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
        return f"{self.question.label}: {self.option.label}"


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
    rank: float
    name_match: bool
    hits: list[Hit] = field(default_factory=list)


def highlight(text: str, terms: list[str]) -> SafeString:
    """An escaped snippet around the first match, every match wrapped in <mark>."""
    plain = " ".join(strip_tags(text).split())
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    first = pattern.search(plain)
    if first is None:
        return mark_safe(escape(plain[: SNIPPET_RADIUS * 2]))  # noqa: S308 (escaped)
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


def _section_texts(country: Country) -> list[tuple[str, str, str]]:
    """(anchor, title, text) for each part of a country's page, contacts included."""
    profile = country.profile_or_none
    texts = []
    if profile is not None:
        for section in schema.SECTIONS:
            parts = []
            for question in section.questions:
                answer = question.answer(profile)
                if answer.known:
                    parts.append(f"{question.label}: {answer.text.rstrip('.')}.")
                if answer.condition:
                    parts.append(answer.condition)
            parts.append(strip_tags(getattr(profile, section.note_key)))
            texts.append((section.key, section.title, " ".join(parts)))
    contacts = " ".join(contact_search_text(c) + "." for c in country.contacts.all())
    texts.append(("contacts", "Contact points", contacts))
    return texts


def search(
    query: str, *, membership: str | None = None, answers: list[AnswerFilter] = ()
) -> list[Result]:
    terms = terms_of(query)
    candidates = Country.objects.with_membership(membership)
    for answer in answers:
        candidates = candidates.filter(**{f"profile__{answer.question.key}": answer.option.value})
    countries = candidates.select_related("profile").prefetch_related("contacts")
    if not terms:
        if not answers and membership not in MEMBERSHIPS:
            return []
        return [Result(c, 0.0, False) for c in sorted(countries, key=lambda c: c.name)]

    name_matches = {
        c.pk for c in candidates.only("code") if all(_matches(c.name, [t]) for t in terms)
    }
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config=CONFIG)
        found = countries.filter(Q(search_vector=tsquery) | Q(pk__in=name_matches)).annotate(
            rank=SearchRank(F("search_vector"), tsquery)
        )
    else:
        matching = Q()
        for term in terms:
            matching &= Q(search_text__icontains=term)
        found = countries.filter(matching | Q(pk__in=name_matches)).annotate(rank=Value(0.1))

    results = []
    for country in found:
        result = Result(country, float(country.rank or 0), country.pk in name_matches)
        for anchor, title, text in _section_texts(country):
            if _matches(text, terms):
                result.hits.append(Hit(anchor, title, highlight(text, terms)))
        results.append(result)
    results.sort(key=lambda r: (not r.name_match, -r.rank, r.country.name))
    return results
