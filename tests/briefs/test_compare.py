import pytest

from tests.factories import ISO_CODES, CountryFactory, profile_with

pytestmark = pytest.mark.django_db


def test_compare_shows_states_as_columns_and_labelled_rows(official_client, route_states):
    response = official_client.get("/compare/", {"c": ["fr", "nl"]})
    assert [c.code.code for c in response.context["countries"]] == ["FR", "NL"]
    html = response.content.decode()
    assert (
        "Substitution of the drugs" in html
        and "substitution" not in html.split("<table", 1)[1].split("Substitution of the drugs")[0]
    )
    row = next(
        r for b in response.context["matrix"] for r in b.rows if r.question.key == "substitution"
    )
    assert [a.text for a in row.answers] == ["Required: no live delivery", "Partial only"]
    assert row.differs


def test_same_answers_are_not_highlighted(official_client, route_states):
    response = official_client.get("/compare/", {"c": ["be", "nl"]})
    row = next(
        r
        for b in response.context["matrix"]
        for r in b.rows
        if r.question.key == "foreign_officers"
    )
    assert not row.differs
    html = response.content.decode()
    assert 'class="differs"' in html  # substitution differs between BE and NL


def test_unknown_is_a_distinct_badge(official_client, route_states):
    html = official_client.get("/compare/", {"c": ["de", "nl"]}).content.decode()
    assert 'badge-unknown">Not known' in html


def test_choose_sections_and_only_differences(official_client, route_states):
    response = official_client.get(
        "/compare/", {"c": ["be", "nl"], "section": "operations", "only": "differences"}
    )
    assert [b.section.key for b in response.context["matrix"]] == ["operations"]
    html = response.content.decode()
    assert "Substitution of the drugs" in html
    assert "Foreign officers may accompany" not in html  # same answer, hidden
    assert "Legal framework" not in html.split("<table", 1)[1]


def test_condition_is_on_hover_and_in_print(official_client, route_states, secretariat):
    profile_with(
        route_states["FR"],
        by=secretariat,
        reason="x",
        urgent_oral_condition="Only between prosecutors",
    )
    html = official_client.get("/compare/", {"c": ["fr", "nl"]}).content.decode()
    assert 'title="Only between prosecutors"' in html
    assert '<span class="condition">Only between prosecutors</span>' in html


def test_unknown_code_is_reported(official_client, route_states):
    response = official_client.get("/compare/", {"c": ["fr", "zz", "x1"]})
    assert "Unknown state codes: ZZ, X1" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 20])
def test_compare_query_count_does_not_grow(
    official_client, secretariat, rows, django_assert_max_num_queries
):
    for code in ISO_CODES[:rows]:
        profile_with(CountryFactory(code=code), by=secretariat, urgent_oral="yes")
    params = {"c": [c.lower() for c in ISO_CODES[:rows]]}
    official_client.get("/compare/", params)
    with django_assert_max_num_queries(6):
        response = official_client.get("/compare/", params)
    assert len(response.context["countries"]) == rows


def test_a_state_with_no_entry_is_shown_as_such_not_as_a_difference(official_client, route_states):
    CountryFactory(code="AD")
    response = official_client.get("/compare/", {"c": ["be", "nl", "ad"]})
    rows = {r.question.key: r for b in response.context["matrix"] for r in b.rows}
    assert not rows["foreign_officers"].differs  # BE and NL agree; Andorra has no entry
    assert rows["substitution"].differs
    assert "No entry yet" in response.content.decode()
