"""Requests drafted from a route brief: for each state on the route other than the requesting
one, a request addressed to its competent authority for its place on the route, on the legal
basis between the two states, with that state's checklist as headings and prompts.

The official types the case facts into the portal; they are restricted operational data and
are never stored: the draft is built in memory from the form as posted, returned as a DOCX or a
PDF, and forgotten. Only the fact that a draft was exported (which state, which route, which
format) is audited, never its content.

The documents speak the receiving state's language where the handbook can: English, or French
when that state accepts French but not English; else English with a note. The portal's own
screens stay in English (translation is a later piece of work).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django import forms
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from countries import schema
from countries.models import Contact, Country
from handbook.pdf import Marking
from legal.basis import leg

from .routes import AUTHORITY_CONTACT_FOR_ROLE, AUTHORITY_FOR_ROLE, RouteBrief, Stop

HERE = "briefs.drafts"
REQUEST_CONTENT = schema.name("request_content", where=HERE)
LANGUAGES = schema.name("languages", where=HERE)
CD_CONTACT = schema.name("cd_contact", where=HERE)
ENGLISH = schema.name("languages", "en", where=HERE)
FRENCH = schema.name("languages", "fr", where=HERE)
FACTS_MAX_LENGTH = 20_000  # per item: a long summary of facts fits, a pasted file does not

# The fixed words of the documents, in the two languages the handbook drafts in.
WORDS = {
    "en": {
        "language": "English",
        "title": "Request for a controlled delivery",
        "to": "To",
        "from": "From",
        "route": "Route of the consignment",
        "role": "Role of the requested state",
        "authority": "Competent authority",
        "contacts": "Contact points",
        "legal_basis": "Legal basis",
        "reference": "Our reference",
        "contents": "Contents of the request",
        "origin": "origin",
        "transit": "transit",
        "destination": "destination",
        "restricted": "RESTRICTED — case facts: do not forward beyond the addressee.",
        "check": "Check",
    },
    "fr": {
        "language": "French",
        "title": "Demande de livraison surveillée",
        "to": "Destinataire",
        "from": "Expéditeur",
        "route": "Itinéraire de l'envoi",
        "role": "Rôle de l'État requis",
        "authority": "Autorité compétente",
        "contacts": "Points de contact",
        "legal_basis": "Base juridique",
        "reference": "Notre référence",
        "contents": "Contenu de la demande",
        "origin": "origine",
        "transit": "transit",
        "destination": "destination",
        "restricted": "DIFFUSION RESTREINTE — faits de l'affaire : ne pas transmettre au-delà "
        "du destinataire.",
        "check": "À vérifier",
    },
}


@dataclass(frozen=True)
class Heading:
    """One item a request must contain: the prompt the official reads (English, as the
    portal), the heading the document prints, in English and French."""

    en: str
    fr: str
    prompt: str


# What practice adds to every request (copy of the decision, concealment, points of entry and
# exit, the operation leader's 24/7 contact), then each checklist option of the schema.
PRACTICE_ITEMS = {
    "authorising_decision": Heading(
        "Domestic authorising decision",
        "Décision nationale d'autorisation",
        "Which authority decided, when, its reference; attach a copy of the decision.",
    ),
    "concealment": Heading(
        "Concealment method",
        "Mode de dissimulation",
        "How and where the goods are hidden in the consignment or the vehicle.",
    ),
    "entry_exit": Heading(
        "Points of entry and exit",
        "Points d'entrée et de sortie",
        "Where the consignment is expected to enter and leave this state, and when.",
    ),
    "operation_leader": Heading(
        "Operation leader's 24/7 contact",
        "Contact 24 h/24 du responsable de l'opération",
        "Name or function, unit, and a number that answers at any hour.",
    ),
}
CHECKLIST_ITEMS = {
    schema.name("request_content", "requesting_authority", where=HERE): Heading(
        "Requesting authority and contact person",
        "Autorité requérante et personne de contact",
        "The authority that asks, its address, and the person who handles the case.",
    ),
    schema.name("request_content", "facts", where=HERE): Heading(
        "Summary of the facts and the offence",
        "Résumé des faits et de l'infraction",
        "What happened, the offence under the requesting state's law and its penalty.",
    ),
    schema.name("request_content", "legal_basis", where=HERE): Heading(
        "Legal basis in the requesting state",
        "Base juridique dans l'État requérant",
        "The national provisions under which the delivery was authorised.",
    ),
    schema.name("request_content", "consignment", where=HERE): Heading(
        "Description and quantity of the consignment",
        "Description et quantité de l'envoi",
        "Substance, estimated quantity and purity, packaging.",
    ),
    schema.name("request_content", "route", where=HERE): Heading(
        "Route, means of transport and timing",
        "Itinéraire, moyen de transport et calendrier",
        "Vehicle or carrier, the expected route and dates.",
    ),
    schema.name("request_content", "persons", where=HERE): Heading(
        "Persons and companies involved",
        "Personnes et sociétés impliquées",
        "Suspects, couriers, companies, with what is known of each.",
    ),
    schema.name("request_content", "substitution", where=HERE): Heading(
        "Whether substitution is intended",
        "Substitution envisagée ou non",
        "Whether the drugs will be replaced, fully or in part, and by whom.",
    ),
    schema.name("request_content", "accompanying", where=HERE): Heading(
        "Whether officers will accompany",
        "Accompagnement par des agents",
        "Which officers, how many, armed or not, and until where.",
    ),
    schema.name("request_content", "tracking", where=HERE): Heading(
        "Technical means, e.g. tracking devices",
        "Moyens techniques, par exemple balises",
        "Devices used and whether they stay on beyond the border.",
    ),
    schema.name("request_content", "end_point", where=HERE): Heading(
        "Where and how the delivery will end",
        "Lieu et modalités de fin de la livraison",
        "Where the consignment will be intercepted or delivered, and by whom.",
    ),
}
FURTHER = Heading(
    "Further items this state asks for",
    "Autres éléments demandés par cet État",
    "",
)
ARRANGEMENT = Heading(
    "Agreement or arrangement for this case",
    "Accord ou arrangement pour ce cas",
    "No treaty beyond the 1988 UN Convention (art. 11) is known to bind both states, and "
    "that article needs an agreement or arrangement case by case: propose or name it.",
)


@dataclass(frozen=True)
class Item:
    key: str
    heading: Heading
    prompt: str

    @property
    def field_name(self) -> str:
        return f"item_{self.key}"


@dataclass(frozen=True)
class Basis:
    """The legal basis between the requesting state and the addressee, as the draft says it."""

    lines: tuple[str, ...]  # the instruments in force, with their reservations and sources
    channel: str  # the channel that follows, and why
    flagged: bool  # only the 1988 Convention, or nothing in common: an arrangement is needed
    known: bool


def legal_basis(requesting: Country, addressee: Country) -> Basis:
    """The instruments in force between the two states, with what each declared and its
    source, and the channel that follows and why (legal.basis, from the secretariat's data)."""
    found = leg(requesting, addressee)
    lines = []
    for in_force in found.in_force:
        declared = "".join(
            f"; {country.name}: {declaration}: {declaration.text} ({declaration.source_url})"
            for country, declaration in in_force.declarations
        )
        lines.append(f"{in_force.instrument}{declared}")
    channel = f"{found.channel.label}: {found.reason}" if found.channel else found.reason
    return Basis(
        lines=tuple(lines),
        channel=channel,
        flagged=found.flagged,
        known=found.channel is not None,
    )


@dataclass
class Draft:
    stop: Stop
    requesting: Country
    route: list[Stop]
    language: str  # "en" or "fr"
    language_note: str
    authority: schema.Answer
    authority_contact: schema.Answer
    cd_contact: schema.Answer
    contacts: list[Contact]
    basis: Basis
    items: list[Item]
    checklist_note: str = ""
    words: dict[str, str] = field(default_factory=dict)

    @property
    def country(self) -> Country:
        return self.stop.country

    @property
    def role_word(self) -> str:
        return self.words[self.stop.role]

    def heading(self, item: Item) -> str:
        return getattr(item.heading, self.language)

    @property
    def route_line(self) -> str:
        return " → ".join(f"{s.country.name} ({self.words[s.role]})" for s in self.route)

    @property
    def gaps(self) -> list[str]:
        """What the handbook could not pre-fill: the official must find it out before sending."""
        name, found = self.country.name, []
        if self.stop.no_entry:
            found.append(
                f"{name} has no entry in the handbook yet: its authority and checklist "
                "are not known."
            )
        elif self.stop.stale:
            found.append(f"{name}'s entry has not been confirmed for over 12 months.")
        if not self.authority.known:
            found.append(
                f"The competent authority of {name} for a {self.stop.role} delivery is not known."
            )
        if not self.authority_contact.known:
            found.append(
                f"No contact point of {name} is named as that authority: address the "
                "request through the contacts below."
            )
        if self.basis.flagged:
            found.append(
                f"The legal basis between {self.requesting.name} and {name} must be checked: "
                "only the 1988 UN Convention, or nothing, is known to bind both."
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


def _language(stop: Stop, requesting: Country) -> tuple[str, str]:
    """English, or French when the state accepts French but not English; else English, said."""
    profile = stop.profile
    accepted = set(getattr(profile, LANGUAGES.question_key) or []) if profile else set()
    if ENGLISH.value in accepted:
        return "en", ""
    if FRENCH.value in accepted:
        return "fr", ""
    if not accepted:
        return "en", (
            f"The languages {stop.country.name} accepts are not known: this draft is in "
            "English. Check with its contact points before sending."
        )
    names = _answer(stop, LANGUAGES).text
    return "en", (
        f"{stop.country.name} accepts neither English nor French (it accepts: {names}). This "
        "draft is in English: have it translated into one of its languages before sending."
    )


def _items(stop: Stop, basis: Basis) -> tuple[list[Item], str]:
    items = [Item(key, heading, heading.prompt) for key, heading in PRACTICE_ITEMS.items()]
    profile = stop.profile
    ticked = getattr(profile, REQUEST_CONTENT.question_key, None) if profile else None
    note = ""
    if not ticked:
        note = (
            f"{stop.country.name} has not said what a request must contain: every usual item "
            "is asked."
        )
    for name, heading in CHECKLIST_ITEMS.items():
        if not ticked or name.value in ticked:
            items.append(Item(name.value, heading, heading.prompt))
    further = getattr(profile, REQUEST_CONTENT.question.condition_key, "") if profile else ""
    if further:
        items.append(Item("further", FURTHER, f"{stop.country.name} asks for: {further}"))
    if basis.flagged:
        items.append(Item("arrangement", ARRANGEMENT, ARRANGEMENT.prompt))
    return items, note


def _contacts(stop: Stop, *linked: schema.Name) -> list[Contact]:
    """The contacts that answers name first (the authority, the controlled-delivery contact
    point), then the route brief's 24/7 and authorising contacts."""
    profile = stop.profile
    everyone = list(stop.country.contacts.all())
    named = [getattr(profile, n.question_key) for n in linked] if profile else []
    first = [c for pk in named for c in everyone if c.pk == pk]
    return list(dict.fromkeys([*first, *stop.contacts]))


@dataclass(frozen=True)
class Target:
    """A state a request goes to, and the language it will be drafted in (no query)."""

    stop: Stop
    language: str

    @property
    def country(self) -> Country:
        return self.stop.country

    @property
    def language_name(self) -> str:
        return WORDS[self.language]["language"]


def _requesting(brief: RouteBrief) -> Country:
    return brief.requesting or brief.stops[0].country


def draft_targets(brief: RouteBrief) -> list[Target]:
    """Every state on the route other than the requesting state (the origin when the
    requesting state is not chosen), in route order."""
    requesting = _requesting(brief)
    return [
        Target(stop, _language(stop, requesting)[0])
        for stop in brief.stops
        if stop.country.pk != requesting.pk
    ]


def build_draft(brief: RouteBrief, target: Target) -> Draft:
    """The request to `target`, pre-filled (its legal basis costs the queries of one leg)."""
    stop, requesting = target.stop, _requesting(brief)
    language, note = _language(stop, requesting)
    basis = legal_basis(requesting, stop.country)
    items, checklist_note = _items(stop, basis)
    authority_contact = AUTHORITY_CONTACT_FOR_ROLE[stop.role]
    return Draft(
        stop=stop,
        requesting=requesting,
        route=brief.stops,
        language=language,
        language_note=note,
        authority=_answer(stop, AUTHORITY_FOR_ROLE[stop.role]),
        authority_contact=_answer(stop, authority_contact),
        cd_contact=_answer(stop, CD_CONTACT),
        contacts=_contacts(stop, authority_contact, CD_CONTACT),
        basis=basis,
        items=items,
        checklist_note=checklist_note,
        words=WORDS[language],
    )


class DraftForm(forms.Form):
    """The case facts, one text per item of the draft; every item must be written before the
    draft is exported. Bound only to the request as posted: never saved anywhere."""

    reference = forms.CharField(
        label="Our reference (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        for item in draft.items:
            self.fields[item.field_name] = forms.CharField(
                label=item.heading.en,
                help_text=item.prompt,
                max_length=FACTS_MAX_LENGTH,
                error_messages={"required": "Still missing: write this item before exporting."},
                widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
            )

    def rows(self):
        for item in self.draft.items:
            yield item, self[item.field_name]

    def facts(self) -> list[tuple[str, str]]:
        """(heading in the document's language, text) for each item, in order."""
        return [
            (self.draft.heading(item), self.cleaned_data[item.field_name])
            for item in self.draft.items
        ]


# The DOCX -------------------------------------------------------------------------------------
GREY = RGBColor(0x5A, 0x64, 0x72)


def _contact_line(contact: Contact) -> str:
    parts = [
        contact.get_role_display(),
        schema.contact_label(contact),
        contact.phone_display if contact.phone else "",
        contact.email,
        "24/7" if contact.available_24_7 else contact.hours,
    ]
    return " · ".join(p for p in parts if p)


def _answer_line(answer: schema.Answer) -> str:
    phone = f" · {answer.phone_display}" if answer.phone else ""
    condition = f" ({answer.condition})" if answer.condition else ""
    return f"{answer.text}{phone}{condition}"


def draft_docx(draft: Draft, *, reference: str, facts: list[tuple[str, str]], marking: Marking):
    """The draft as a Word document, marked like the portal's PDFs on every page."""
    words = draft.words
    document = Document()
    document.core_properties.title = f"{words['title']} — {draft.country.name}"
    document.core_properties.author = ""
    document.core_properties.comments = ""
    styles = document.styles
    styles["Normal"].font.name = "DejaVu Sans"
    styles["Normal"].font.size = Pt(10)
    for section in document.sections:
        for where in (section.header, section.footer):
            paragraph = where.paragraphs[0]
            paragraph.text = marking.line if where is section.footer else words["restricted"]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for run in paragraph.runs:
                run.font.size = Pt(8)
                run.font.color.rgb = GREY
    document.add_heading(f"{words['title']} — {draft.country.name}", level=1)
    if draft.language_note:
        document.add_paragraph(draft.language_note).runs[0].italic = True
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        (words["to"], f"{draft.country.name}: {_answer_line(draft.authority)}"),
        (words["authority"], _answer_line(draft.authority_contact)),
        (words["from"], draft.requesting.name),
        (words["route"], draft.route_line),
        (words["role"], draft.role_word),
        (words["reference"], reference or "—"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_heading(words["contacts"], level=2)
    for contact in draft.contacts:
        document.add_paragraph(_contact_line(contact), style="List Bullet")
    document.add_heading(words["legal_basis"], level=2)
    for line in draft.basis.lines:
        document.add_paragraph(line, style="List Bullet")
    document.add_paragraph(draft.basis.channel)
    document.add_heading(words["contents"], level=2)
    for number, (heading, text) in enumerate(facts, start=1):
        document.add_heading(f"{number}. {heading}", level=3)
        for paragraph in text.splitlines() or [""]:
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
