"""Every edit form in the portal round-trips: opened, given only its reason, and submitted exactly
as a browser builds the data (tests/browserform.py), it is accepted and changes no stored value.

Each form is opened on records where every field holds a value (a date, a duration, several
lines of text, ticked boxes), so a value a browser cannot carry back shows up as a change.
A new URL pattern must be classified below, so a new edit form cannot escape the walk.
"""

from datetime import date, timedelta

import pytest
from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext
from guardian.shortcuts import assign_perm

from accounts.access import states_by_user
from accounts.models import DEFAULT_ACCESS_PERIOD, Role, User
from countries import schema
from countries.access import correspondents_of
from countries.forms import SECTION_FORMS
from countries.models import Contact, Profile
from currency.services import contact_test_call_record
from handbook.models import AuditEntry
from legal.forms import InstrumentForm
from legal.models import Declaration, Party
from legal.services import declaration_add, instrument_create, party_save
from tests.browserform import form_with_button, post_forms
from tests.factories import (
    AccessRequestFactory,
    CorrespondentFactory,
    CountryFactory,
    contact_for,
    profile_with,
)
from tests.urlwalk import all_url_examples

# Pages with an edit form, walked below; every other URL name is listed with why it is not one.
EDIT_FORMS = {
    "countries:edit",
    "countries:contact_edit",
    "countries:correspondents",
    "accounts:user_manage",
    "accounts:request_decide",
    "legal:instrument_edit",
    "legal:party_edit",
    "legal:declaration_edit",
}
NOT_EDIT_FORMS = {
    # creating something new, or an action confirmed with a reason: nothing stored to keep
    "countries:contact_add": "creates a contact",
    "countries:contact_delete": "removes a contact",
    "countries:revert": "restores an old version",
    "countries:confirm": "a button, no fields",
    "currency:test_call_add": "logs a new test call",
    "currency:report_add": "creates a report",
    "legal:instrument_add": "creates an instrument",
    "legal:declaration_add": "creates a reservation or declaration",
    "legal:declaration_delete": "removes a reservation or declaration",
    "currency:rounds": "opens or closes a round: nothing stored to keep",
    "currency:report_detail": "resolves a report: an action, nothing stored to keep",
    "briefs:request_draft": "drafts a request from typed case facts: nothing is ever stored",
    "currency:watch": "starts or stops watching a state: a button",
    "currency:watching": "adds a state to watch: nothing stored to keep",
    "accounts:request_access": "creates a request",
    "accounts:nominate": "creates a request",
    "accounts:login": "authentication",
    "accounts:verify": "authentication",
    "accounts:enrol": "authentication",
    "accounts:logout": "authentication",
    "accounts:language": "a preference (tests/i18n/test_choosing.py)",
    "accounts:logged_out": "a message",
    "accounts:set_password": "authentication",
    "accounts:password_reset": "authentication",
    "accounts:request_confirm": "a link",
}


def test_every_url_with_a_form_is_classified():
    """A new page with a POST form must join EDIT_FORMS (and the walk) or say why not."""
    names = {name for name, _ in all_url_examples() if not name.startswith("admin:")}
    unclassified = []
    for name in names:
        if name in EDIT_FORMS or name in NOT_EDIT_FORMS:
            continue
        unclassified.append(name)
    read_only = {
        "home",
        "healthz",
        "readyz",
        "briefs:search",
        "briefs:compare",
        "briefs:compare_pdf",
        "briefs:route",
        "briefs:route_pdf",
        "audit",
        "audit_csv",
        "countries:list",
        "countries:detail",
        "countries:pdf",
        "countries:history",
        "countries:diff",
        "currency:report_list",
        "currency:dashboard",
        "accounts:expired",
        "accounts:request_sent",
        "accounts:set_password_done",
        "accounts:requests",
        "accounts:users",
        "legal:list",
        "legal:instrument",
        "legal:state",
        "legal:party",
    }
    assert sorted(set(unclassified) - read_only) == []


def _value_for(field: forms.Field, contact: Contact):
    """A stored value for a schema form field: every kind gets something a browser must keep
    (a linked contact point: the state's own `contact`)."""
    if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        return contact.pk
    if isinstance(field, forms.MultipleChoiceField):
        return [value for value, _ in field.choices][:2]
    if isinstance(field, forms.ChoiceField):
        return next(value for value, _ in field.choices if value)
    if isinstance(field, forms.MultiValueField):  # a duration
        return timedelta(days=3)
    if isinstance(field, forms.URLField):
        return "https://example.org/law?art=1&x=2"
    if isinstance(field.widget, forms.Textarea):
        return "First line of the answer,\nand a second line."
    return "Only with the prosecutor's consent & a written record"


def _full_profile(country, by, contact) -> Profile:
    values = {}
    for form_class in SECTION_FORMS.values():
        section = form_class.section
        for column in section.columns:
            if column == section.note_key:
                values[column] = (
                    "A note with **formatting**,\nand [a link](https://example.org/a?b=1&c=2)."
                )
            else:
                values[column] = _value_for(form_class.base_fields[column], contact)
    return profile_with(country, by=by, **values)


def _content(obj, columns) -> dict:
    obj.refresh_from_db()
    return {column: getattr(obj, column) for column in ("version", *columns)}


@pytest.fixture
def everything(db, secretariat):
    """A state whose profile and 24/7 contact have every field filled in."""
    country = CountryFactory(code="FR")
    contact = contact_for(
        country,
        by=secretariat,
        unit="Drugs desk",
        function="Duty officer",
        name="A. Duty",
        languages=["fr", "en"],
        secure_channels=["siena", "i247"],
        hours="Always, Europe/Paris",
    )
    contact_test_call_record(
        contact=contact, called_on=date(2026, 10, 25), reached=True, note="", by=secretariat
    )
    contact.refresh_from_db()
    profile = _full_profile(country, secretariat, contact)
    return country, profile, contact


def _submit(client, path: str, button: str, *, pressed: str = "", **fill):
    """Press the button whose English label is `button`, in the language the page came in."""
    page = client.get(path)
    assert page.status_code == 200
    with translation.override(page["Content-Language"]):
        button = translation.gettext(button)
        pressed = translation.gettext(pressed) if pressed else ""
    form = form_with_button(page.content.decode(), button)
    assert form.unshowable() == [], f"{path}: inputs rendered in a format their type cannot show"
    return client.post(path, form.post_data(pressed=pressed, **fill))


# What a profile holds: its content and the notes' HTML made from it.
PROFILE_STORED = [*schema.CONTENT_COLUMNS, *schema.NOTE_HTML_COLUMNS.values()]


# Dates and numbers must come out in their input type's format whatever the language.
LANGUAGES = ["en-gb", "fr", "de"]


@pytest.fixture(params=LANGUAGES)
def language(request, settings):
    settings.LANGUAGE_CODE = request.param
    return request.param


@pytest.mark.parametrize("section", [s.key for s in schema.SECTIONS])
def test_profile_section_round_trips(secretariat_client, everything, section, language):
    country, profile, _ = everything
    before = _content(profile, PROFILE_STORED)
    path = f"/countries/fr/edit/{section}/"
    response = _submit(secretariat_client, path, "Save a new version", reason="Looked, no change")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _content(profile, PROFILE_STORED) == before


@pytest.mark.parametrize("section", [s.key for s in schema.SECTIONS])
def test_profile_section_preview_keeps_everything_and_saves_nothing(
    secretariat_client, everything, section, language
):
    """Preview, then save the form the preview gave back: every kind is as it was."""
    country, profile, _ = everything
    before = _content(profile, PROFILE_STORED)
    path = f"/countries/fr/edit/{section}/"
    preview = _submit(secretariat_client, path, "Save a new version", pressed="Preview the note")
    assert preview.status_code == 200
    page = preview.content.decode()
    with translation.override(preview["Content-Language"]):
        heading = gettext("Preview of the note — not saved yet")
        problem = gettext("There is a problem")
        save = gettext("Save a new version")
    assert heading in page and problem not in page
    assert "<strong>formatting</strong>" in page.split('id="note-preview"', 1)[1]
    assert _content(profile, PROFILE_STORED) == before
    form = form_with_button(page, save)
    assert form.unshowable() == []
    response = secretariat_client.post(path, form.post_data(reason="Previewed, no change"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _content(profile, PROFILE_STORED) == before


def test_contact_round_trips(secretariat_client, everything, language):
    _, _, contact = everything
    kept = (*Contact.CONTENT_FIELDS, "last_test_call", "version")
    before = _content(contact, kept)
    assert before["last_test_call"] == date(2026, 10, 25)
    path = f"/countries/fr/contacts/{contact.pk}/edit/"
    response = _submit(secretariat_client, path, "Save", reason="Looked, no change")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _content(contact, kept) == before


@pytest.fixture
def person(db, everything):
    country, _, _ = everything
    user = CorrespondentFactory(access_expires=date(2027, 3, 31))
    assign_perm("countries.change_country", user, country)
    return user


def _account(user: User) -> dict:
    user.refresh_from_db()
    return {
        "role": user.role,
        "access_expires": user.access_expires,
        "is_active": user.is_active,
        "states": sorted(c.code.code for c in states_by_user(user).get(user.pk, [])),
    }


@pytest.mark.parametrize("button", ["Save the date", "Save role and states"])
def test_account_forms_round_trip(secretariat_client, person, button, language):
    before, entries = _account(person), AuditEntry.objects.count()
    response = _submit(secretariat_client, f"/accounts/users/{person.pk}/", button)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _account(person) == before
    assert AuditEntry.objects.count() == entries  # nothing changed, nothing to record


def test_correspondents_grant_form_round_trips(secretariat_client, everything, person):
    """Granting the candidate shown keeps every holder: only the one shown is added."""
    country, _, _ = everything
    candidate = CorrespondentFactory(full_name="Zoe Candidate")
    page = secretariat_client.get("/countries/fr/correspondents/").content.decode()
    form = form_with_button(page, "Grant")
    assert form.post_data()["user"] == [str(candidate.pk)]
    assert secretariat_client.post("/countries/fr/correspondents/", form.post_data())[
        "Location"
    ].endswith("/countries/fr/correspondents/")
    assert set(correspondents_of(country)) == {person, candidate}
    withdraw = [f for f in post_forms(page) if "Withdraw" in f.buttons]
    assert [f.post_data()["user"] for f in withdraw] == [[str(person.pk)]]


def test_approval_with_the_proposed_values_is_accepted(secretariat_client, everything, language):
    request = AccessRequestFactory(
        role=Role.CORRESPONDENT, reason="Keeps the French entry", states=["FR"]
    )
    path = f"/accounts/requests/{request.pk}/"
    response = _submit(secretariat_client, path, "Approve and send the invitation")
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="nina@example.org")
    assert user.role == Role.CORRESPONDENT
    assert user.access_expires == timezone.localdate() + DEFAULT_ACCESS_PERIOD
    assert [c.code.code for c in states_by_user(user)[user.pk]] == ["FR"]


@pytest.fixture
def legal_record(everything, secretariat):
    """A state's standing under an instrument, and a declaration, with every field filled in."""
    country, _, _ = everything
    instrument = instrument_create(
        data={
            "code": "fr-ch-2007",
            "title": "Agreement between France and Switzerland on police co-operation",
            "short_title": "FR-CH agreement",
            "article": "art. 9 & art. 10",
            "kind": "bilateral",
            "scope": "listed",
            "text_url": "https://example.org/treaty?no=1&lang=fr",
            "status_url": "https://example.org/status?no=1&x=2",
            "note": "First line,\nand a second line.",
            "order": 60,
        },
        by=secretariat,
        reason="Added",
    )
    party = party_save(
        instrument=instrument,
        country=country,
        changes={
            "status": "party",
            "since": date(2009, 7, 1),
            "source_url": "https://example.org/jo?id=1&y=2",
            "note": "Published in the JO,\non the same day.",
        },
        expected_version=0,
        by=secretariat,
        reason="From the journal",
    )
    declaration = declaration_add(
        party=party,
        data={
            "kind": "authority",
            "article": "art. 9(2)",
            "text": "The central office,\nthen the local prosecutor.",
            "source_url": "https://example.org/decl?id=1&y=2",
        },
        by=secretariat,
        reason="Declared",
    )
    return instrument, party, declaration


@pytest.mark.parametrize("which", ["instrument", "party", "declaration"])
def test_legal_basis_forms_round_trip(secretariat_client, legal_record, which, language):
    instrument, party, declaration = legal_record
    record, columns, path = {
        "instrument": (instrument, InstrumentForm.columns, "/legal/fr-ch-2007/edit/"),
        "party": (party, Party.CONTENT_FIELDS, "/legal/fr-ch-2007/fr/edit/"),
        "declaration": (
            declaration,
            Declaration.CONTENT_FIELDS,
            f"/legal/declarations/{declaration.pk}/edit/",
        ),
    }[which]
    before = _content(record, columns)
    response = _submit(secretariat_client, path, "Save", reason="Looked, no change")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _content(record, columns) == before
