"""Each question kind is a class with its behaviour; the profile service stores only what the
schema allows. Values are taken from the schema, never written here as literals."""

from datetime import timedelta

import pytest

from countries import schema
from countries.models import Profile
from countries.search_index import profile_search_pieces
from countries.services import profile_update
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

CHOICES = [q for q in schema.QUESTIONS.values() if q.kind is schema.CHOICE]
MULTIS = [q for q in schema.QUESTIONS.values() if q.kind is schema.MULTI]


def kind_of(kind):
    return next(q for q in schema.QUESTIONS.values() if q.kind is kind)


def update(country, by, **changes):
    current = Profile.objects.filter(country=country).first()
    return profile_update(
        country=country,
        changes=changes,
        by=by,
        reason="test",
        expected_version=current.version if current else 0,
    )


def test_every_question_has_a_kind_object_and_its_example_is_valid():
    for question in schema.QUESTIONS.values():
        assert isinstance(question.kind, schema.Kind), question.key
        if question.kind is schema.CONTACT:  # names a contact that must exist: tested below
            continue
        value = question.kind.example(question)
        question.kind.validate(question, value)
        answer = question.answer(Profile(**{question.key: value}))
        assert answer.known and answer.text, question.key


@pytest.mark.parametrize("question", CHOICES, ids=lambda q: q.key)
def test_service_refuses_a_choice_outside_the_options(question, secretariat):
    country = CountryFactory()
    update(country, secretariat, **{question.key: question.options[-1].value})
    with pytest.raises(schema.InvalidAnswer):
        update(country, secretariat, **{question.key: question.options[0].value + "-renamed"})
    assert getattr(Profile.objects.get(country=country), question.key) == question.options[-1].value


def test_service_refuses_a_list_with_an_unknown_option(secretariat):
    question = MULTIS[0]
    country = CountryFactory()
    with pytest.raises(schema.InvalidAnswer):
        update(country, secretariat, **{question.key: [question.options[0].value, "invented"]})
    with pytest.raises(schema.InvalidAnswer):
        update(country, secretariat, **{question.key: question.options[0].value})  # not a list
    assert not Profile.objects.filter(country=country).exists()


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (schema.DURATION, "3 days"),
        (schema.DURATION, timedelta(hours=-1)),
        (schema.TEXT, 12),
        (schema.LINK, "javascript:alert(1)"),
        (schema.LINK, "https://example.org/" + "a" * 500),
    ],
)
def test_service_refuses_a_value_its_kind_does_not_accept(kind, value, secretariat):
    with pytest.raises(schema.InvalidAnswer):
        update(CountryFactory(), secretariat, **{kind_of(kind).key: value})


def test_service_refuses_columns_that_are_not_content(secretariat):
    with pytest.raises(schema.InvalidAnswer, match="Not profile content"):
        update(CountryFactory(), secretariat, demo=True)
    question = next(q for q in schema.QUESTIONS.values() if q.condition)
    with pytest.raises(schema.InvalidAnswer):
        update(CountryFactory(), secretariat, **{question.condition_key: "x" * 501})


def test_empty_answers_are_accepted_as_not_known(secretariat):
    changes = {
        q.key: ("" if q.kind in (schema.CHOICE, schema.TEXT, schema.LINK) else None)
        for q in schema.QUESTIONS.values()
    }
    profile = update(CountryFactory(), secretariat, **changes)
    assert not any(q.answer(profile).known for q in schema.QUESTIONS.values())


def test_search_text_weights_come_from_the_kind():
    text_question, choice_question = kind_of(schema.TEXT), CHOICES[0]
    profile = Profile(
        **{
            text_question.key: "Zebra crossing statute",
            choice_question.key: choice_question.options[0].value,
        }
    )
    pieces = profile_search_pieces(profile)
    assert "Zebra crossing statute" in pieces["C"]
    assert choice_question.options[0].label in pieces["B"]
    assert schema.TEXT.search_weight == "C" and schema.CHOICE.search_weight == "B"


def test_only_choices_are_offered_as_search_filters():
    assert [
        k
        for k in (schema.CHOICE, schema.MULTI, schema.DURATION, schema.TEXT, schema.LINK)
        if k.filterable
    ] == [schema.CHOICE]
