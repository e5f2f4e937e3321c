import pytest
from django.core.management import call_command
from django.urls import reverse

from countries.models import Country
from tests.factories import ISO_CODES, CountryFactory


@pytest.fixture
def fixture_countries(db):
    call_command("loaddata", "countries", verbosity=0)
    return Country.objects.all()


def test_fixture_holds_every_participating_state(fixture_countries):
    assert fixture_countries.filter(coe_member=True).count() == 46
    assert fixture_countries.filter(osce_participant=True).count() == 57
    assert not fixture_countries.get(code="RU").coe_member
    assert fixture_countries.get(code="RU").osce_participant
    assert fixture_countries.get(code="US").osce_participant
    assert fixture_countries.get(code="MX").pompidou_member
    assert not fixture_countries.get(code="US").coe_member
    assert all(c.code.name for c in fixture_countries)


def test_list_shows_every_state_by_name_in_order(official_client, fixture_countries):
    response = official_client.get(reverse("countries:list"))
    html = response.content.decode()
    names = [c.name for c in response.context["countries"]]
    assert names == sorted(names)
    assert len(names) == fixture_countries.count()
    assert "France" in html and 'href="/countries/fr/"' in html


@pytest.mark.parametrize(
    ("membership", "included", "excluded"),
    [
        ("coe", "FR", "US"),
        ("osce", "US", "MX"),
        ("pompidou", "MX", "US"),
    ],
)
def test_list_filters_by_membership(
    official_client, fixture_countries, membership, included, excluded
):
    response = official_client.get(reverse("countries:list"), {"membership": membership})
    codes = {c.code.code for c in response.context["countries"]}
    assert included in codes and excluded not in codes
    field = {"coe": "coe_member", "osce": "osce_participant", "pompidou": "pompidou_member"}
    assert len(codes) == fixture_countries.filter(**{field[membership]: True}).count()


def test_detail_page_per_state(official_client, db):
    CountryFactory(code="FR")
    response = official_client.get(reverse("countries:detail", args=["fr"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>France" in html and "Council of Europe" in html


@pytest.mark.parametrize("path", ["/countries/xx/", "/countries/FR/", "/countries/fra/"])
def test_unknown_or_malformed_state_is_404(official_client, db, path):
    CountryFactory(code="FR")
    assert official_client.get(path).status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_states(
    official_client, django_assert_max_num_queries, rows
):
    for code in ISO_CODES[:rows]:
        CountryFactory(code=code)
    official_client.get(reverse("countries:list"))  # warm the session
    with django_assert_max_num_queries(4):
        response = official_client.get(reverse("countries:list"))
    assert len(response.context["countries"]) == rows
