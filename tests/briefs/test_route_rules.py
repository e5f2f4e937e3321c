"""Every route rule, built only from the schema's own names: a case that triggers it and one
that does not. No option value is written here, so renaming one in the schema cannot pass."""

from html import unescape

import pytest

from countries import schema
from countries.models import Profile

CONFLICTS = schema.ROUTE_CONFLICTS
REQUIREMENTS = [r for r in schema.ROUTE_REQUIREMENTS if isinstance(r, schema.RequirementRule)]
LANGUAGE_RULES = [r for r in schema.ROUTE_REQUIREMENTS if isinstance(r, schema.CommonLanguageRule)]
THIRD_STATE_RULES = [r for r in schema.ROUTE_REQUIREMENTS if isinstance(r, schema.ThirdStatesRule)]


def state(label, **answers):
    return schema.RouteState(label, Profile(**answers))


def says(condition: schema.AnswerIs, option: schema.Name) -> dict:
    question = condition.question.question
    value = [option.value] if question.kind.multiple else option.value
    return {question.key: value}


def found(rule, states, requesting=None):
    return [f.states for f in rule.find(states, requesting)]


def test_every_rule_is_covered_below():
    assert {r.key for r in schema.ROUTE_RULES} == {
        r.key for r in (*CONFLICTS, *REQUIREMENTS, *LANGUAGE_RULES, *THIRD_STATE_RULES)
    }
    assert len({r.key for r in schema.ROUTE_RULES}) == len(schema.ROUTE_RULES)
    assert all(r.reason and r.topic for r in schema.ROUTE_RULES)


@pytest.mark.parametrize("rule", CONFLICTS, ids=lambda r: r.key)
def test_conflict_triggers_for_each_named_option(rule):
    for one in rule.one.options:
        for other in rule.other.options:
            states = [state("A", **says(rule.one, one)), state("B", **says(rule.other, other))]
            assert found(rule, states) == [("A", "B")], (one, other)
            finding = rule.find(states, None)[0]
            assert finding.reason == rule.reason
            assert str(one.option.label) in unescape(finding.facts[0])
            assert str(other.option.label) in unescape(finding.facts[1])


@pytest.mark.parametrize("rule", CONFLICTS, ids=lambda r: r.key)
def test_conflict_does_not_trigger_when_both_states_agree(rule):
    same = says(rule.one, rule.one.options[0])
    assert found(rule, [state("A", **same), state("B", **same)]) == []
    assert found(rule, [state("A", **same), schema.RouteState("B", None)]) == []  # no entry


@pytest.mark.parametrize("rule", CONFLICTS, ids=lambda r: r.key)
def test_conflict_order_and_border(rule):
    one = state("A", **says(rule.one, rule.one.options[0]))
    other = state("B", **says(rule.other, rule.other.options[0]))
    between = state("X")  # answers nothing
    if rule.at_border:  # only at the border from `one` into the next state
        assert found(rule, [other, one]) == []
        assert found(rule, [one, between, other]) == []
    else:  # in either order, anywhere on the route
        assert found(rule, [other, one]) == [("A", "B")]
        assert found(rule, [one, between, other]) == [("A", "B")]


@pytest.mark.parametrize("rule", REQUIREMENTS, ids=lambda r: r.key)
def test_requirement_triggers_for_each_named_option(rule):
    for option in rule.when.options:
        findings = rule.find([state("A"), state("B", **says(rule.when, option))], None)
        assert [f.states for f in findings] == [("B",)], option
        assert str(option.option.label) in unescape(findings[0].facts[0])
        assert len(findings[0].facts) == 1 + len(rule.also)


@pytest.mark.parametrize("rule", REQUIREMENTS, ids=lambda r: r.key)
def test_requirement_does_not_trigger_for_other_options_or_unknown(rule):
    named = {o.value for o in rule.when.options}
    others = [o for o in rule.when.question.question.options if o.value not in named]
    assert others, "a requirement must leave some answer that does not trigger it"
    for option in others:
        key = rule.when.question.question_key
        assert found(rule, [state("A", **{key: option.value})]) == []
    assert found(rule, [state("A"), schema.RouteState("B", None)]) == []


@pytest.mark.parametrize("rule", LANGUAGE_RULES, ids=lambda r: r.key)
def test_language_rule_triggers_without_a_common_language(rule):
    key = rule.languages.question_key
    first, second = (o.value for o in rule.languages.question.options[:2])
    requesting = state("R", **{key: [first]})
    states = [state("R", **{key: [first]}), state("A", **{key: [second]})]
    assert found(rule, states, requesting) == [("A", "R")]
    findings = rule.find(states, requesting)
    assert len(findings[0].facts) == 2 + len(rule.also)


@pytest.mark.parametrize("rule", LANGUAGE_RULES, ids=lambda r: r.key)
def test_language_rule_is_silent_with_a_common_or_unknown_language(rule):
    key = rule.languages.question_key
    first, second = (o.value for o in rule.languages.question.options[:2])
    requesting = state("R", **{key: [first]})
    assert found(rule, [state("A", **{key: [second, first]})], requesting) == []
    assert found(rule, [state("A")], requesting) == []  # the state's languages not known
    assert found(rule, [state("A", **{key: [second]})], state("R")) == []  # requester's unknown
    assert found(rule, [state("A", **{key: [second]})], None) == []


@pytest.mark.parametrize("rule", THIRD_STATE_RULES, ids=lambda r: r.key)
def test_third_state_rule_names_the_transit_states_beyond_the_state(rule):
    for option in rule.when.options:
        wary = state("A", **says(rule.when, option))
        route = [wary, state("B"), state("C"), state("D")]
        assert found(rule, route) == [("A", "B", "C")], option
        finding = rule.find(route, None)[0]
        assert str(option.option.label) in unescape(finding.facts[0]) and "B, C" in unescape(
            finding.facts[1]
        )
        assert found(rule, [state("B"), wary, state("D")]) == []  # a transit with no third state


@pytest.mark.parametrize("rule", THIRD_STATE_RULES, ids=lambda r: r.key)
def test_third_state_rule_is_silent_between_two_states_or_when_allowed(rule):
    wary = state("A", **says(rule.when, rule.when.options[0]))
    assert found(rule, [wary, state("B")]) == []
    named = {o.value for o in rule.when.options}
    key = rule.when.question.question_key
    for option in (o for o in rule.when.question.question.options if o.value not in named):
        assert found(rule, [state("A", **{key: option.value}), state("B"), state("C")]) == []
    assert found(rule, [state("A"), state("B"), state("C")]) == []
