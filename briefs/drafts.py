"""Requests drafted from a route brief: for each state on the route other than the requesting
one, a request addressed to its competent authority for its place on the route, on the legal
basis between the two states, with that state's checklist as headings and prompts.

The official types the case facts into the portal; they are restricted operational data and
are never stored: the draft is built in memory from the form as posted, returned as a DOCX or a
PDF, and forgotten. Only the fact that a draft was exported (which state, which route, which
format) is audited, never its content.

The documents speak the receiving state's language where the handbook can: English, or French
when that state accepts French but not English; else English with a note. A document is
rendered under that language (translation.override), so its fixed headings and labels are the
catalogue's; the page that prepares it speaks the official's own language, and shows what the
handbook fills in as the document will say it.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from countries import schema
from countries.models import Contact, Country
from handbook.html import message_html
from handbook.pdf import Marking
from legal.basis import leg

from .routes import (
    AUTHORITY_CONTACT_FOR_ROLE,
    AUTHORITY_FOR_ROLE,
    ROLE_LABELS,
    RouteBrief,
    Stop,
)

HERE = "briefs.drafts"
REQUEST_CONTENT = schema.name("request_content", where=HERE)
LANGUAGES = schema.name("languages", where=HERE)
CD_CONTACT = schema.name("cd_contact", where=HERE)
ENGLISH = schema.name("languages", "en", where=HERE)
FRENCH = schema.name("languages", "fr", where=HERE)
FACTS_MAX_LENGTH = 20_000  # per item: a long summary of facts fits, a pasted file does not

# The name of each language a draft can be written in, within a sentence ("in English",
# "en anglais"): the schema's language names are capitalised as list entries.
LANGUAGE_NAMES = {
    "en": pgettext_lazy("language, within a sentence", "English"),
    "fr": pgettext_lazy("language, within a sentence", "French"),
}


@dataclass(frozen=True)
class Heading:
    """One item a request must contain: the heading the document prints and the form shows
    (a catalogue message, or the label of one of the schema's `request_content` options), and
    the prompt the official reads."""

    text: Promise | str = ""
    prompt: Promise | str = ""
    option: schema.Name | None = None  # the heading is this option's label in the schema

    @property
    def label(self) -> str:
        return str(self.option.option.label if self.option is not None else self.text)


def _option(value: str, prompt: Promise) -> tuple[str, Heading]:
    name = schema.name("request_content", value, where=HERE)
    return name, Heading(prompt=prompt, option=name)


# What practice adds to every request (copy of the decision, concealment, points of entry and
# exit, the operation leader's 24/7 contact), then each checklist option of the schema.
PRACTICE_ITEMS = {
    "authorising_decision": Heading(
        _("Domestic authorising decision"),
        _("Which authority decided, when, its reference; attach a copy of the decision."),
    ),
    "concealment": Heading(
        _("Concealment method"),
        _("How and where the goods are hidden in the consignment or the vehicle."),
    ),
    "entry_exit": Heading(
        _("Points of entry and exit"),
        _("Where the consignment is expected to enter and leave this state, and when."),
    ),
    "operation_leader": Heading(
        _("Operation leader's 24/7 contact"),
        _("Name or function, unit, and a number that answers at any hour."),
    ),
}
CHECKLIST_ITEMS = dict(
    (
        _option(
            "requesting_authority",
            _("The authority that asks, its address, and the person who handles the case."),
        ),
        _option(
            "facts",
            _("What happened, the offence under the requesting state's law and its penalty."),
        ),
        _option(
            "legal_basis", _("The national provisions under which the delivery was authorised.")
        ),
        _option("consignment", _("Substance, estimated quantity and purity, packaging.")),
        _option("route", _("Vehicle or carrier, the expected route and dates.")),
        _option("persons", _("Suspects, couriers, companies, with what is known of each.")),
        _option(
            "substitution", _("Whether the drugs will be replaced, fully or in part, and by whom.")
        ),
        _option("accompanying", _("Which officers, how many, armed or not, and until where.")),
        _option("tracking", _("Devices used and whether they stay on beyond the border.")),
        _option(
            "end_point", _("Where the consignment will be intercepted or delivered, and by whom.")
        ),
    )
)
FURTHER = Heading(_("Further items this state asks for"))
ARRANGEMENT = Heading(
    _("Agreement or arrangement for this case"),
    _(
        "No treaty beyond the 1988 UN Convention (art. 11) is known to bind both states, and "
        "that article needs an agreement or arrangement case by case: propose or name it."
    ),
)


@dataclass(frozen=True)
class Item:
    key: str
    heading: Heading
    further: str = ""  # what the state asks for beyond the checklist, as its answer says

    @property
    def field_name(self) -> str:
        return f"item_{self.key}"

    @property
    def label(self) -> str:
        return self.heading.label

    def prompt(self, state: str) -> str:
        if self.further:
            return gettext("%(state)s asks for: %(items)s") % {
                "state": state,
                "items": self.further,
            }
        return str(self.heading.prompt)


@dataclass(frozen=True)
class Basis:
    """The legal basis between the requesting state and the addressee, as the draft says it
    (in the language it was built under)."""

    # HTML, what the secretariat wrote marked with its instrument's language (`lang`):
    lines: tuple[SafeString, ...]  # the instruments in force, their reservations and sources
    channel: SafeString  # the channel that follows, and why
    flagged: bool  # only the 1988 Convention, or nothing in common: an arrangement is needed
    known: bool


MARKED = re.compile(r'<span lang="([^"]+)">(.*?)</span>', re.S)


def _add_marked(document, marked: str, style: str | None = None) -> None:
    """A paragraph of the legal basis's HTML in the DOCX: its text, each piece of what the
    secretariat wrote (<span lang>) a run in that language (w:lang), as the page marks it."""
    paragraph = document.add_paragraph(style=style)
    start = 0
    for found in MARKED.finditer(marked):
        if found.start() > start:
            paragraph.add_run(html.unescape(strip_tags(marked[start : found.start()])))
        run = paragraph.add_run(html.unescape(strip_tags(found[2])))
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), found[1])
        run._element.get_or_add_rPr().append(language)
        start = found.end()
    if start < len(marked):
        paragraph.add_run(html.unescape(strip_tags(marked[start:])))


def legal_basis(requesting: Country, addressee: Country) -> Basis:
    """The instruments in force between the two states, with what each declared and its
    source, and the channel that follows and why (legal.basis, from the secretariat's data)."""
    found = leg(requesting, addressee)
    lines = []
    for in_force in found.in_force:
        lang = in_force.instrument.content_language
        declared = "".join(
            "; "
            + message_html(
                gettext("%(state)s: %(declaration)s: %(text)s (%(source)s)"),
                state=country.name,
                declaration=declaration,
                text=format_html('<span lang="{}">{}</span>', lang, declaration.text),
                source=declaration.source_url,
            )
            for country, declaration in in_force.declarations
        )
        lines.append(format_html("{}{}", in_force.instrument.shown_name, mark_safe(declared)))  # noqa: S308 (each part escaped by message_html)
    channel = (
        message_html(
            gettext("%(channel)s: %(reason)s"), channel=found.channel.label, reason=found.reason
        )
        if found.channel
        else found.reason
    )
    return Basis(
        lines=tuple(lines),
        channel=channel,
        flagged=found.flagged,
        known=found.channel is not None,
    )


class _Addressed:
    """What a draft and its target share: a stop of the route (`stop`) and the language the
    request is drafted in (`language`)."""

    @property
    def country(self) -> Country:
        return self.stop.country

    @property
    def language_name(self) -> str:
        return str(LANGUAGE_NAMES[self.language])


@dataclass
class Draft(_Addressed):
    stop: Stop
    requesting: Country
    route: list[Stop]
    language: str  # "en" or "fr": the document's language
    accepted: str  # the languages the state accepts, as its answer says ("" when not known)
    authority: schema.Answer
    authority_contact: schema.Answer
    cd_contact: schema.Answer
    contacts: list[Contact]
    basis: Basis  # built in the document's language
    items: list[Item]
    checklist_known: bool = True

    @property
    def role_word(self) -> str:
        return str(ROLE_LABELS[self.stop.role]).lower()

    @property
    def route_line(self) -> str:
        return " → ".join(
            f"{s.country.name} ({str(ROLE_LABELS[s.role]).lower()})" for s in self.route
        )

    @property
    def language_note(self) -> str:
        """Why the draft is in English although the state may not read it ("" when it does)."""
        if self.language != "en" or ENGLISH.value in self.stop_languages:
            return ""
        if not self.accepted:
            return gettext(
                "The languages %(state)s accepts are not known: this draft is in English. "
                "Check with its contact points before sending."
            ) % {"state": self.country.name}
        return gettext(
            "%(state)s accepts neither English nor French (it accepts: %(languages)s). This "
            "draft is in English: have it translated into one of its languages before sending."
        ) % {"state": self.country.name, "languages": self.accepted}

    @property
    def stop_languages(self) -> set[str]:
        profile = self.stop.profile
        return set(getattr(profile, LANGUAGES.question_key) or []) if profile else set()

    @property
    def checklist_note(self) -> str:
        if self.checklist_known:
            return ""
        return gettext(
            "%(state)s has not said what a request must contain: every usual item is asked."
        ) % {"state": self.country.name}

    @property
    def gaps(self) -> list[str]:
        """What the handbook could not pre-fill: the official must find it out before sending."""
        names, found = {"state": self.country.name}, []
        if self.stop.no_entry:
            found.append(
                gettext(
                    "%(state)s has no entry in the handbook yet: its authority and checklist "
                    "are not known."
                )
                % names
            )
        elif self.stop.stale:
            found.append(
                gettext("%(state)s's entry has not been confirmed for over 12 months.") % names
            )
        if not self.authority.known:
            found.append(
                gettext(
                    "The competent authority of %(state)s for its place on the route "
                    "(%(role)s) is not known."
                )
                % {**names, "role": self.role_word}
            )
        if not self.authority_contact.known:
            found.append(
                gettext(
                    "No contact point of %(state)s is named as that authority: address the "
                    "request through the contacts below."
                )
                % names
            )
        if self.basis.flagged:
            found.append(
                gettext(
                    "The legal basis between %(requesting)s and %(state)s must be checked: "
                    "only the 1988 UN Convention, or nothing, is known to bind both."
                )
                % {**names, "requesting": self.requesting.name}
            )
        if self.language_note:
            found.append(self.language_note)
        return found

    @property
    def filename(self) -> str:
        codes = "-".join(s.country.slug for s in self.route)
        return f"request-{self.country.slug}-route-{codes}"


def _answer(stop: Stop, name: schema.Name) -> schema.Answer:
    profile = stop.profile
    return name.question.answer(profile) if profile is not None else schema.NOT_KNOWN


def _language(stop: Stop) -> str:
    """English, or French when the state accepts French but not English; else English."""
    profile = stop.profile
    accepted = set(getattr(profile, LANGUAGES.question_key) or []) if profile else set()
    if ENGLISH.value not in accepted and FRENCH.value in accepted:
        return "fr"
    return "en"


def _items(stop: Stop, basis: Basis) -> tuple[list[Item], bool]:
    """The items of the draft, and whether the state said what a request must contain."""
    items = [Item(key, heading) for key, heading in PRACTICE_ITEMS.items()]
    profile = stop.profile
    ticked = getattr(profile, REQUEST_CONTENT.question_key, None) if profile else None
    for name, heading in CHECKLIST_ITEMS.items():
        if not ticked or name.value in ticked:
            items.append(Item(name.value, heading))
    further = getattr(profile, REQUEST_CONTENT.question.condition_key, "") if profile else ""
    if further:
        items.append(Item("further", FURTHER, further=further))
    if basis.flagged:
        items.append(Item("arrangement", ARRANGEMENT))
    return items, bool(ticked)


def _contacts(stop: Stop, *linked: schema.Name) -> list[Contact]:
    """The contacts that answers name first (the authority, the controlled-delivery contact
    point), then the route brief's 24/7 and authorising contacts."""
    profile = stop.profile
    everyone = list(stop.country.contacts.all())
    named = [getattr(profile, n.question_key) for n in linked] if profile else []
    first = [c for pk in named for c in everyone if c.pk == pk]
    return list(dict.fromkeys([*first, *stop.contacts]))


@dataclass(frozen=True)
class Target(_Addressed):
    """A state a request goes to, and the language it will be drafted in (no query)."""

    stop: Stop
    language: str


def _requesting(brief: RouteBrief) -> Country:
    return brief.requesting or brief.stops[0].country


def draft_targets(brief: RouteBrief) -> list[Target]:
    """Every state on the route other than the requesting state (the origin when the
    requesting state is not chosen), in route order."""
    requesting = _requesting(brief)
    return [
        Target(stop, _language(stop)) for stop in brief.stops if stop.country.pk != requesting.pk
    ]


def build_draft(brief: RouteBrief, target: Target) -> Draft:
    """The request to `target`, pre-filled (its legal basis costs the queries of one leg). What
    it fills in (answers, legal basis) is built in the document's language."""
    with translation.override(target.language):
        return _build_draft(brief, target)


def _build_draft(brief: RouteBrief, target: Target) -> Draft:
    stop, requesting = target.stop, _requesting(brief)
    basis = legal_basis(requesting, stop.country)
    items, checklist_known = _items(stop, basis)
    authority_contact = AUTHORITY_CONTACT_FOR_ROLE[stop.role]
    languages = _answer(stop, LANGUAGES)
    return Draft(
        stop=stop,
        requesting=requesting,
        route=brief.stops,
        language=target.language,
        accepted=languages.text if languages.known else "",
        authority=_answer(stop, AUTHORITY_FOR_ROLE[stop.role]),
        authority_contact=_answer(stop, authority_contact),
        cd_contact=_answer(stop, CD_CONTACT),
        contacts=_contacts(stop, authority_contact, CD_CONTACT),
        basis=basis,
        items=items,
        checklist_known=checklist_known,
    )


class DraftForm(forms.Form):
    """The case facts, one text per item of the draft; every item must be written before the
    draft is exported. Bound only to the request as posted: never saved anywhere."""

    reference = forms.CharField(
        label=_("Our reference (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        for item in draft.items:
            self.fields[item.field_name] = forms.CharField(
                label=item.label,
                help_text=item.prompt(draft.country.name),
                max_length=FACTS_MAX_LENGTH,
                error_messages={"required": _("Still missing: write this item before exporting.")},
                widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
            )

    def rows(self):
        for item in self.draft.items:
            yield item, self[item.field_name]

    def facts(self) -> list[tuple[Item, str]]:
        """(item, text) for each item, in order: the document prints the item's heading in its
        own language."""
        return [(item, self.cleaned_data[item.field_name]) for item in self.draft.items]


# The DOCX -------------------------------------------------------------------------------------
GREY = RGBColor(0x5A, 0x64, 0x72)


def _contact_line(contact: Contact) -> str:
    parts = [
        contact.get_role_display(),
        schema.contact_label(contact),
        contact.phone_display if contact.phone else "",
        contact.email,
        gettext("24/7") if contact.available_24_7 else contact.hours,
    ]
    return " · ".join(str(p) for p in parts if p)


def _answer_line(answer: schema.Answer) -> str:
    phone = f" · {answer.phone_display}" if answer.phone else ""
    condition = f" ({answer.condition})" if answer.condition else ""
    return f"{answer.text}{phone}{condition}"


def draft_docx(draft: Draft, *, reference: str, facts: list[tuple[Item, str]], marking: Marking):
    """The draft as a Word document in its own language, marked like the portal's PDFs on
    every page."""
    with translation.override(draft.language):
        return _docx(draft, reference=reference, facts=facts, marking=marking)


def _docx(draft: Draft, *, reference: str, facts: list[tuple[Item, str]], marking: Marking):
    title = gettext("Request for a controlled delivery")
    document = Document()
    document.core_properties.title = f"{title} — {draft.country.name}"
    document.core_properties.author = ""
    document.core_properties.comments = ""
    styles = document.styles
    styles["Normal"].font.name = "DejaVu Sans"
    styles["Normal"].font.size = Pt(10)
    restricted = gettext("RESTRICTED — case facts: do not forward beyond the addressee.")
    for section in document.sections:
        for where in (section.header, section.footer):
            paragraph = where.paragraphs[0]
            paragraph.text = marking.line if where is section.footer else restricted
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for run in paragraph.runs:
                run.font.size = Pt(8)
                run.font.color.rgb = GREY
    document.add_heading(f"{title} — {draft.country.name}", level=1)
    if draft.language_note:
        document.add_paragraph(draft.language_note).runs[0].italic = True
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        (pgettext("addressee", "To"), f"{draft.country.name}: {_answer_line(draft.authority)}"),
        (gettext("Competent authority"), _answer_line(draft.authority_contact)),
        (pgettext("sender", "From"), draft.requesting.name),
        (gettext("Route of the consignment"), draft.route_line),
        (gettext("Role of the requested state"), draft.role_word),
        (gettext("Our reference"), reference or "—"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_heading(gettext("Contact points"), level=2)
    for contact in draft.contacts:
        document.add_paragraph(_contact_line(contact), style="List Bullet")
    document.add_heading(gettext("Legal basis"), level=2)
    for line in draft.basis.lines:
        _add_marked(document, line, style="List Bullet")
    _add_marked(document, draft.basis.channel)
    document.add_heading(gettext("Contents of the request"), level=2)
    for number, (item, text) in enumerate(facts, start=1):
        document.add_heading(f"{number}. {item.label}", level=3)
        for paragraph in text.splitlines() or [""]:
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
