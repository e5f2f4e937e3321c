"""The questions practice asked for (offences, refusals, thresholds, substances, the market,
intervention, third states) and answers that name a contact point of the same state: on the
form, the page, the diff, the comparison, the route brief, the search and the PDF."""

import io

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from countries import schema
from countries.models import Profile
from countries.services import contact_delete
from tests.factories import CountryFactory, contact_for, profile_with

pytestmark = pytest.mark.django_db

NEW_QUESTIONS = [
    "qualifying_offences",
    "substances",
    "nps_controlled",
    "quantity_threshold",
    "refusal_grounds",
    "market_never",
    "host_intervention",
    "third_state_legs",
]
CONTACT_QUESTIONS = [q for q in schema.QUESTIONS.values() if q.kind is schema.CONTACT]
THRESHOLD = "Cannabis at least 10 kg (zebra threshold)"


@pytest.fixture
def linked(secretariat):
    """France: its prosecutor is the incoming authority and its desk the CD contact point."""
    country = CountryFactory(code="FR")
    desk = contact_for(country, by=secretariat, organisation="Office central (OCRTIS)")
    prosecutor = contact_for(
        country,
        by=secretariat,
        role="judicial",
        organisation="Parquet de Paris",
        unit="Section J3",
        phone="+33199001277",
        available_24_7=False,
    )
    answers = {
        key: schema.QUESTIONS[key].kind.example(schema.QUESTIONS[key]) for key in NEW_QUESTIONS
    }
    profile_with(
        country,
        by=secretariat,
        authority_incoming=["prosecutor"],
        authority_incoming_contact=prosecutor.pk,
        cd_contact=desk.pk,
        quantity_threshold="yes",
        quantity_threshold_condition=THRESHOLD,
        **{k: v for k, v in answers.items() if k != "quantity_threshold"},
    )
    return country, desk, prosecutor


def _labels(key):
    question = schema.QUESTIONS[key]
    return str(question.label), question.answer(Profile.objects.get(country__code="FR")).text


def test_every_new_question_and_its_answer_is_on_the_page(official_client, linked):
    html = official_client.get("/countries/fr/").content.decode()
    for key in NEW_QUESTIONS:
        label, text = _labels(key)
        assert escape(label) in html and escape(text) in html, key
    assert THRESHOLD in html


def test_the_page_shows_the_linked_contact_with_its_number(official_client, linked):
    html = official_client.get("/countries/fr/").content.decode()
    row = html.split(str(schema.QUESTIONS["authority_incoming_contact"].label), 1)[1][:600]
    assert "Parquet de Paris — Section J3" in row
    assert 'href="tel:+33199001277"' in row and "+33 1 99 00 12 77" in row


def test_the_form_offers_only_the_states_own_contacts(secretariat_client, linked, secretariat):
    other = contact_for(CountryFactory(code="DE"), by=secretariat, organisation="Bundespolizei")
    html = secretariat_client.get("/countries/fr/edit/authorisation/").content.decode()
    assert "Parquet de Paris" in html and "Bundespolizei" not in html
    _, desk, _ = linked
    version = Profile.objects.get(country=linked[0]).version
    response = secretariat_client.post(
        "/countries/fr/edit/authorisation/",
        {"version": version, "reason": "Wrong state", "authority_incoming_contact": other.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Profile.objects.get(country=linked[0]).authority_incoming_contact != other.pk


def test_the_service_refuses_a_contact_of_another_state(secretariat, linked):
    other = contact_for(CountryFactory(code="DE"), by=secretariat, organisation="Bundespolizei")
    with pytest.raises(schema.InvalidAnswer, match="Not a contact point of France"):
        profile_with(linked[0], by=secretariat, cd_contact=other.pk)
    assert Profile.objects.get(country=linked[0]).cd_contact == linked[1].pk


def test_a_removed_contact_reads_as_not_known(official_client, secretariat, linked):
    _, _, prosecutor = linked
    contact_delete(
        contact=prosecutor, expected_version=prosecutor.version, by=secretariat, reason="Left"
    )
    html = official_client.get("/countries/fr/").content.decode()
    row = html.split(str(schema.QUESTIONS["authority_incoming_contact"].label), 1)[1][:400]
    assert "the contact point named was removed" in row and "Parquet" not in row


def test_the_diff_names_the_contacts_before_and_after(official_client, secretariat, linked):
    country, desk, prosecutor = linked
    profile_with(
        country,
        by=secretariat,
        reason="Desk is the authority",
        **{"authority_incoming_contact": desk.pk},
    )
    first, second = Profile.history.filter(country=country).order_by("-history_id")[:2][::-1]
    response = official_client.get(
        "/countries/fr/history/diff/", {"a": first.history_id, "b": second.history_id}
    )
    changes = {c.label: (c.before, c.after) for c in response.context["changes"]}
    label = schema.QUESTIONS["authority_incoming_contact"].label
    assert changes == {label: ("Parquet de Paris — Section J3", "Office central (OCRTIS)")}


def test_compare_shows_the_new_questions_and_the_linked_contact(official_client, linked):
    CountryFactory(code="DE")
    html = official_client.get("/compare/", {"c": ["fr", "de"]}).content.decode()
    for key in NEW_QUESTIONS:
        assert escape(str(schema.QUESTIONS[key].label)) in html, key
    assert "Parquet de Paris — Section J3" in html and 'href="tel:+33199001277"' in html


def test_route_brief_shows_the_authority_contact_for_the_role(official_client, linked):
    CountryFactory(code="DE")
    html = official_client.get(
        "/route/", {"origin": "de", "destination": "fr", "requesting": "de"}
    ).content.decode()
    stop = html.split('id="stop-2"', 1)[1]
    assert str(schema.QUESTIONS["authority_incoming_contact"].label) in stop
    assert "Parquet de Paris — Section J3" in stop and 'href="tel:+33199001277"' in stop
    for key in NEW_QUESTIONS:
        assert escape(str(schema.QUESTIONS[key].label)) in stop, key


def test_search_finds_a_new_answer_in_its_section(official_client, linked):
    found = official_client.get("/search/", {"q": "zebra threshold"}).context["results"]
    assert [r.country.code.code for r in found] == ["FR"]
    assert found[0].hits[0].section_key == "legal"


def test_pdf_carries_the_new_questions_and_the_linked_contact(official_client, linked):
    response = official_client.get("/countries/fr/pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for key in NEW_QUESTIONS:
        label, answer = _labels(key)
        assert label in text and answer.split(",")[0] in text, key
    assert "Parquet de Paris — Section J3" in text and "+33 1 99 00 12 77" in text
