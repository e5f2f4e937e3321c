"""The text a state is found by, written by `countries` whenever a profile or contact changes.

Each country keeps its searchable text in `Country.search_text` and, on PostgreSQL, a weighted
`search_vector` (GIN index): structured answers and contact points weigh B, text answers C,
notes D. The search page (briefs.search) only reads them.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value
from django.utils.html import strip_tags

from . import schema
from .models import Contact, Country, Profile

CONFIG = "english"


def profile_search_pieces(profile: Profile | None) -> dict[str, list[str]]:
    """The profile's words by weight, each question's words as its kind gives them."""
    pieces: dict[str, list[str]] = {"B": [], "C": [], "D": []}
    if profile is None:
        return pieces
    for section in schema.SECTIONS:
        for question in section.questions:
            text = question.kind.search_text(question, getattr(profile, question.key))
            if text:
                pieces[question.kind.search_weight].append(text)
            if question.condition and getattr(profile, question.condition_key):
                pieces["C"].append(getattr(profile, question.condition_key))
        note = getattr(profile, section.note_key)
        if note:
            pieces["D"].append(strip_tags(note))
    return pieces


def contact_search_text(contact: Contact) -> str:
    return " ".join(
        [contact.get_role_display(), contact.organisation, contact.unit, contact.function]
    )


def search_index_country(country: Country) -> None:
    """Refresh the searchable text of one country (called by every profile and contact write)."""
    profile = Profile.objects.filter(country=country).first()
    pieces = profile_search_pieces(profile)
    pieces["B"] += [contact_search_text(c) for c in Contact.objects.filter(country=country)]
    text = {weight: "\n".join(parts) for weight, parts in pieces.items()}
    rows = Country.objects.filter(pk=country.pk)
    rows.update(search_text="\n".join(text.values()))
    if connection.vendor == "postgresql":
        vector = (
            SearchVector(Value(text["B"]), weight="B", config=CONFIG)
            + SearchVector(Value(text["C"]), weight="C", config=CONFIG)
            + SearchVector(Value(text["D"]), weight="D", config=CONFIG)
        )
        rows.update(search_vector=vector)
