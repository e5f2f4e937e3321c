"""The seed holds only cited facts, and loading it never overwrites what the secretariat kept."""

import pytest
from django.core.management import call_command

from legal.models import PartyStatus
from legal.seed import seed_facts
from tests.factories import CountryFactory

from .conftest import standing

FACTS = seed_facts()


def test_every_seeded_fact_has_its_source():
    for party in FACTS["parties"]:
        assert party["source_url"].startswith(("http://", "https://")), party
        assert party["status"] in PartyStatus.values
    for declaration in FACTS["declarations"]:
        assert declaration["source_url"].startswith(("http://", "https://")), declaration


def test_denmark_and_ireland_are_not_seeded_as_bound_by_the_eio():
    eio = {p["country"]: p["status"] for p in FACTS["parties"] if p["instrument"] == "eio"}
    assert eio["DK"] == eio["IE"] == "not_party"
    assert len(eio) == 27 and list(eio.values()).count("party") == 25


@pytest.mark.django_db
def test_loading_the_seed_adds_only_what_is_missing():
    dk = CountryFactory(code="DK", eu_member=True)
    kept = standing(dk, "un1988", "not_known", source_url="", note="Kept by the secretariat")
    call_command("legal_seed", verbosity=0)
    kept.refresh_from_db()
    assert (kept.status, kept.note) == ("not_known", "Kept by the secretariat")
    eio = dk.instrument_parties.get(instrument__code="eio")
    assert eio.status == "not_party" and eio.history.get().history_change_reason.startswith(
        "Seeded from a cited source"
    )
    count = dk.instrument_parties.count()
    call_command("legal_seed", verbosity=0)
    assert dk.instrument_parties.count() == count
