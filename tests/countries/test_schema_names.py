"""A rule, a filter or any code that names a question or an option the schema lacks stops
start-up (system check countries.E001)."""

import dataclasses

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from countries import schema
from countries.checks import schema_names_exist


def test_every_name_in_the_project_exists():
    assert schema.names(), "rules, filters and the route brief record their names"
    wheres = {n.where for n in schema.names()}
    assert {"countries.schema.ROUTE_RULES", "briefs.routes", "briefs.search.QUICK_FILTERS"} <= (
        wheres
    )
    assert schema_names_exist(None) == []


def test_a_name_of_a_missing_question_or_option_is_an_error(monkeypatch):
    question = schema.ROUTE_CONFLICTS[0].one.question
    monkeypatch.setattr(schema, "_NAMES", list(schema._NAMES))
    schema.name(question.question_key, "renamed-away", where="tests.somewhere")
    schema.name("no_such_question", where="tests.elsewhere")
    errors = schema_names_exist(None)
    assert [e.id for e in errors] == ["countries.E001", "countries.E001"]
    assert "tests.somewhere" in errors[0].msg and "'renamed-away'" in errors[0].msg
    assert "'no_such_question'" in errors[1].msg


def test_renaming_an_option_in_the_schema_stops_start_up(monkeypatch):
    rule = schema.ROUTE_CONFLICTS[0]
    question = rule.one.question.question
    renamed = dataclasses.replace(
        question,
        options=tuple(dataclasses.replace(o, value=o.value + "_v2") for o in question.options),
    )
    monkeypatch.setitem(schema.QUESTIONS, question.key, renamed)
    with pytest.raises(SystemCheckError, match="countries.E001"):
        call_command("check")
    problems = [e.msg for e in schema_names_exist(None)]
    assert any("countries.schema.ROUTE_RULES" in p for p in problems)
    assert any("briefs.search.QUICK_FILTERS" in p for p in problems)  # "substitution: full"
