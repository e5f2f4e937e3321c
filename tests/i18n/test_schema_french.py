"""The profile schema reads in French: every section title, question label, help text, option
label and route rule, with no English left, and the language names are Django's French ones."""

from datetime import timedelta

import pytest
from django.utils import translation

from countries import schema
from tests.factories import CountryFactory, profile_with

# The same word in both languages: a proper name, an acronym, or a French word spelt like
# the English one. Nothing else may come back from the French catalogue unchanged.
SAME_IN_BOTH = {"INTERPOL", "Substitution", "Police", "Basque", "Catalan", "Kazakh"}


def _texts():
    """(where, lazy text) for every string of the schema a person reads."""
    for section in schema.SECTIONS:
        yield f"{section.key}: title", section.title
        if section.intro:
            yield f"{section.key}: intro", section.intro
        for question in section.questions:
            yield f"{question.key}: label", question.label
            if question.help:
                yield f"{question.key}: help", question.help
            for option in question.options:
                yield f"{question.key}={option.value}", option.label
    for rule in schema.ROUTE_RULES:
        yield f"rule {rule.key}: topic", rule.topic
        yield f"rule {rule.key}: reason", rule.reason


TEXTS = list(_texts())


@pytest.fixture(autouse=True)
def back_to_english():
    """A request in French leaves French active in this thread (LocaleMiddleware activates and
    never deactivates): give the next test, in whatever module, the default language back."""
    yield
    translation.deactivate()


def test_the_schema_has_the_texts_this_test_walks():
    assert len(TEXTS) > 250  # sections, questions, help, options (51 languages) and rules


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[w for w, _ in TEXTS])
def test_every_schema_text_is_french_under_french(where, text):
    with translation.override("en-gb"):
        english = str(text)
    with translation.override("fr"):
        french = str(text)
    assert french.strip(), where
    if english not in SAME_IN_BOTH:
        assert french != english, f"{where}: still English: {english!r}"


def test_french_punctuation_has_a_no_break_space_before_a_colon():
    for where, text in TEXTS:
        with translation.override("fr"):
            french = str(text)
        assert " :" not in french and " ;" not in french, where
        assert "’" not in french, where  # the straight apostrophe everywhere


def test_language_names_are_django_french_ones_in_french_alphabetical_order():
    with translation.override("fr"):
        names = [str(o.label) for o in schema.QUESTIONS["languages"].options]
    assert "Allemand" in names and "Maltais" in names and "German" not in names
    assert names.index("Allemand") < names.index("Anglais") < names.index("Arabe")
    assert names.index("Espagnol") < names.index("Estonien") < names.index("Finlandais")
    with translation.override("en-gb"):
        english = [str(o.label) for o in schema.QUESTIONS["languages"].options]
    assert english == sorted(english) and "German" in english and "Maltese" in english


def test_an_answer_and_a_duration_read_in_french():
    question = schema.QUESTIONS["decision_time_urgent"]
    with translation.override("fr"):
        assert question.kind.display(question, timedelta(days=2), "").text == "2 jours"
        assert question.kind.display(question, timedelta(hours=1), "").text == "1 heure"
        assert str(schema.NOT_KNOWN.text) == "Inconnu"
    with translation.override("en-gb"):
        assert question.kind.display(question, timedelta(days=2), "").text == "2 days"


def test_a_route_fact_is_a_french_sentence():
    profile = type("P", (), {"cd_possible": "no", "cd_possible_condition": ""})()
    state = schema.RouteState("Allemagne", profile)
    with translation.override("fr"):
        fact = schema._fact(state, schema.QUESTIONS["cd_possible"])
    assert fact == "Allemagne\u00a0: Livraison surveillée possible\u00a0: Non"


def test_a_form_of_the_schema_offers_french_choices(rf):
    question = schema.QUESTIONS["substitution"]
    field = question.kind.form_field(question)
    with translation.override("fr"):
        labels = [str(label) for _, label in field.choices]
    assert labels[0] == "Inconnu"
    assert "Non autorisée\u00a0: livraison réelle uniquement" in labels


@pytest.fixture
def france(db, secretariat):
    country = CountryFactory(code="FR")
    profile_with(
        country,
        by=secretariat,
        urgent_oral="yes",
        substitution="partial",
        languages=["de", "en"],
        decision_time_urgent=timedelta(hours=4),
    )
    return country


def test_a_state_page_reads_the_schema_in_french(official_client, france):
    html = official_client.get("/countries/fr/", headers={"accept-language": "fr"}).content
    html = html.decode()
    assert "Cadre juridique" in html and "Conditions opérationnelles" in html
    assert "Demande orale urgente acceptée" in html and 'badge-yes">Oui' in html
    assert "Partielle uniquement" in html and "4 heures" in html
    assert "Allemand, Anglais" in html
    for english in ("Legal framework", "Urgent oral request accepted", "Partial only", "German"):
        assert english not in html, english


def test_the_edit_form_offers_french_labels_choices_and_units(secretariat_client, france):
    html = secretariat_client.get(
        "/countries/fr/edit/authorisation/", headers={"accept-language": "fr"}
    ).content.decode()
    assert "Langues acceptées" in html and 'aria-label="Unité"' in html
    names = [
        html.index(f" {name}</label>") for name in ("Albanais", "Allemand", "Anglais", "Arabe")
    ]
    assert names == sorted(names)  # in French alphabetical order, not by the English names
    formal_request = html.split('name="formal_request"', 1)[1].split("</select>", 1)[0]
    assert ">Inconnu<" in formal_request and "Nécessaire avant la livraison" in formal_request
    assert ">heures<" in html and ">jours<" in html and "Condition ou précision" in html
    for english in ("Languages accepted", ">hours<", "Condition or detail", "Formal request"):
        assert english not in html, english


def test_language_choices_sort_in_the_reader_language():
    with translation.override("fr"):
        french = [str(name) for _, name in schema.language_choices()]
    with translation.override("en-gb"):
        english = [str(name) for _, name in schema.language_choices()]
        declared = [str(name) for _, name in schema.LANGUAGE_CHOICES]
    assert french[:3] == ["Albanais", "Allemand", "Anglais"]
    assert english == declared == sorted(english)
