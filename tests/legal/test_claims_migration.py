"""The profile's old "instruments applied" answers become claims for the secretariat to check
(legal/migrations/0003), and a state's checked record is never overwritten by a claim."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from legal.seed import seed_load

BEFORE = [("legal", "0002_seed"), ("countries", "0008_merge_currency")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_old_answers_become_claims_and_checked_records_keep_their_status(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Country = old.get_model("countries", "Country")
    Profile = old.get_model("countries", "Profile")
    Instrument = old.get_model("legal", "Instrument")
    Party = old.get_model("legal", "Party")
    seed_load(  # the instruments, in case an earlier test flushed what migrations made
        Instrument=Instrument,
        Party=Party,
        Declaration=old.get_model("legal", "Declaration"),
        Country=Country,
    )
    tr = Country.objects.create(code="TR")
    dk = Country.objects.create(code="DK", eu_member=True)
    Country.objects.create(code="GE")
    Profile.objects.create(
        country=tr,
        instruments=["un1988", "ets182", "bilateral"],
        instruments_condition="Since 2004",
    )
    Profile.objects.create(country=dk, instruments=["eio"])
    eio = Instrument.objects.get(code="eio")
    Party.objects.create(
        instrument=eio, country=dk, status="not_party", source_url="https://example.org/dk"
    )

    executor.loader.build_graph()
    executor.migrate([("countries", "0009_instruments_now_legal_claims")])
    new = executor.loader.project_state([("countries", "0009_instruments_now_legal_claims")]).apps
    Party = new.get_model("legal", "Party")

    claims = {
        (p.instrument.code, p.status, p.note)
        for p in Party.objects.filter(country_id="TR").select_related("instrument")
    }
    note = "Claimed in the profile's former answer on instruments applied. Its note: Since 2004"
    assert claims == {
        ("un1988", "claimed", note),
        ("ets182", "claimed", note),
        ("bilateral-unnamed", "claimed", note),
    }
    denmark = Party.objects.get(country_id="DK", instrument__code="eio")
    assert denmark.status == "not_party"  # the checked record stands
    assert denmark.source_url == "https://example.org/dk"
    assert "Claimed in the profile's former answer" in denmark.note
    assert not Party.objects.filter(country_id="GE").exists()  # no answer, no claim
    assert "instruments" not in {
        f.name for f in new.get_model("countries", "Profile")._meta.get_fields()
    }
