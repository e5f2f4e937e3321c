"""Memberships checked against official sources: the Pompidou Group (Armenia and Georgia joined
in 2020, Russia left in 2022), the European Union (27) and the Schengen area (29)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from countries.models import Country
from tests.factories import CountryFactory

EU_CODES = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
EU = set(EU_CODES.split())
SCHENGEN = (EU - {"CY", "IE"}) | {"CH", "IS", "LI", "NO"}


@pytest.fixture
def fixture_countries(db):
    call_command("loaddata", "countries", verbosity=0)
    return Country.objects.all()


def codes(queryset) -> set[str]:
    return {c.code.code for c in queryset}


def test_fixture_has_armenia_and_georgia_in_the_pompidou_group_and_not_russia(fixture_countries):
    assert fixture_countries.get(code="AM").pompidou_member
    assert fixture_countries.get(code="GE").pompidou_member
    assert not fixture_countries.get(code="RU").pompidou_member


def test_fixture_has_the_27_eu_and_29_schengen_states(fixture_countries):
    assert codes(fixture_countries.filter(eu_member=True)) == EU
    assert codes(fixture_countries.filter(schengen_member=True)) == SCHENGEN


def test_data_migration_fixes_a_database_loaded_from_the_old_fixture(db):
    for code in ["AM", "GE", "RU", "IE", "CH", "GB"]:
        CountryFactory(code=code, pompidou_member=code == "RU")
    migration = importlib.import_module("countries.migrations.0006_memberships_checked")
    with connection.schema_editor() as editor:
        migration.forwards(django_apps, editor)
    row = {c.code.code: c for c in Country.objects.all()}
    assert row["AM"].pompidou_member and row["GE"].pompidou_member
    assert not row["RU"].pompidou_member
    assert row["IE"].eu_member and not row["IE"].schengen_member
    assert row["CH"].schengen_member and not row["CH"].eu_member
    assert not row["GB"].eu_member and not row["GB"].schengen_member


@pytest.mark.parametrize(
    ("membership", "included", "excluded"),
    [("eu", "IE", "CH"), ("schengen", "CH", "IE")],
)
def test_list_filters_by_eu_and_schengen(
    official_client, fixture_countries, membership, included, excluded
):
    response = official_client.get(reverse("countries:list"), {"membership": membership})
    found = codes(response.context["countries"])
    assert included in found and excluded not in found
    assert f'href="?membership={membership}"' in response.content.decode()


def test_state_page_names_eu_and_schengen(official_client, db):
    CountryFactory(code="IE", eu_member=True)
    html = official_client.get(reverse("countries:detail", args=["ie"])).content.decode()
    assert "European Union" in html and "Schengen area" not in html
