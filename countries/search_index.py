"""The text a state is found by, written by `countries` whenever a profile or contact changes.

Each country keeps its searchable text in `Country.search_text`, the same text cut by the part of
its page it comes from in `Country.search_sections` (the search page builds its snippets from
it, in the reader's language: {language code: sections}, each text plain: no tags, whitespace
collapsed), and, on PostgreSQL, a weighted `search_vector` (GIN index): structured answers and
contact points weigh B, text answers C, notes D. The search page (briefs.search) only reads them.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import JSONField, Value
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.html import strip_tags

from . import schema
from .models import Contact, Country, Profile
from .notes import note_text

CONFIG = "english"


def profile_search_pieces(profile: Profile | None) -> dict[str, list[str]]:
    """The profile's words by weight, each question's words as its kind gives them."""
    pieces: dict[str, list[str]] = {"B": [], "C": [], "D": []}
    if profile is None:
        return pieces
    for section in schema.SECTIONS:
        for question in section.questions:
            text = question.kind.search_text(question, question.kind.value(question, profile))
            if text:
                pieces[question.kind.search_weight].append(text)
            if question.condition and getattr(profile, question.condition_key):
                pieces["C"].append(getattr(profile, question.condition_key))
        note = note_text(getattr(profile, section.note_html_key))
        if note:
            pieces["D"].append(note)
    return pieces


CONTACTS_SECTION = "contacts"


def contact_search_text(contact: Contact) -> str:
    """A contact point's words: role, organisation, unit, function, name, secure channels and
    phone number (as typed and as digits only, so that a number is found however written)."""
    digits = "".join(ch for ch in contact.phone if ch.isdigit())
    words = [
        contact.get_role_display(),
        contact.organisation,
        contact.unit,
        contact.function,
        contact.name,
        *contact.channel_labels,
        contact.phone,
        digits if digits != contact.phone else "",
    ]
    return " ".join(w for w in words if w)


def _plain(text: str) -> str:
    return " ".join(strip_tags(text).split())


def section_texts(profile: Profile | None, contacts: list[Contact]) -> list[list[str]]:
    """[anchor, text] for each part of a state's page, as the page words it, contacts last; the
    texts plain, as a snippet shows them."""
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
            parts.append(note_text(getattr(profile, section.note_html_key)))
            texts.append([section.key, _plain(" ".join(p for p in parts if p))])
    texts.append(
        [CONTACTS_SECTION, _plain(" ".join(contact_search_text(c) + "." for c in contacts))]
    )
    return texts


def search_index_country(country: Country) -> None:
    """Refresh the searchable text of one country (called by every profile and contact write).

    The portal's own words (questions, options, roles) are indexed in every language of the
    site, so that a reader finds a state in theirs; what people typed is indexed once, as
    written; the snippets' texts are kept per language."""
    profile = Profile.objects.filter(country=country).first()
    contacts = list(Contact.objects.filter(country=country))
    pieces: dict[str, list[str]] = {"B": [], "C": [], "D": []}
    sections = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found = profile_search_pieces(profile)
            found["B"] += [contact_search_text(c) for c in contacts]
            sections[language] = section_texts(profile, contacts)
        for weight, parts in found.items():
            pieces[weight] += [p for p in parts if p not in pieces[weight]]
    text = {weight: "\n".join(parts) for weight, parts in pieces.items()}
    rows = Country.objects.filter(pk=country.pk)
    rows.update(
        search_text="\n".join(text.values()),
        search_sections=sections,
        search_digest=hashlib.sha256(
            json.dumps([text, sections], sort_keys=True).encode()
        ).hexdigest(),
    )
    if connection.vendor == "postgresql":
        vector = (
            SearchVector(Value(text["B"]), weight="B", config=CONFIG)
            + SearchVector(Value(text["C"]), weight="C", config=CONFIG)
            + SearchVector(Value(text["D"]), weight="D", config=CONFIG)
        )
        rows.update(search_vector=vector)


def sections_for_reader() -> Coalesce:
    """A state's stored page texts in the active language (or the site's, for a language added
    since it was indexed), to annotate a query with: only those are read from the database."""
    return Coalesce(
        KeyTransform(translation.get_language(), "search_sections"),
        KeyTransform(settings.LANGUAGE_CODE, "search_sections"),
        output_field=JSONField(),
    )
