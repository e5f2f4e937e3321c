"""Instruments in force between two states, and the channel that follows, with constructed
states: every party record here is made by the test, so nothing depends on the seed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from legal.basis import RULES, Rule, leg, legs
from legal.models import Declaration, DeclarationKind, InstrumentKind, Party, Scope
from tests.factories import CountryFactory

from .conftest import instrument, standing

pytestmark = pytest.mark.django_db


def eu(code, schengen=True):
    return CountryFactory(code=code, eu_member=True, schengen_member=schengen)


def test_two_eu_states_bound_by_the_directive_use_an_eio():
    fr, be = eu("FR"), eu("BE")
    for country in (fr, be):
        standing(country, "eio")
        standing(country, "schengen73")
        standing(country, "un1988")
    found = leg(fr, be)
    assert found.channel.instrument.code == "eio"
    assert found.channel.label == "European Investigation Order"
    assert "France and Belgium are both bound by the EIO directive" in found.reason
    assert [f.instrument.code for f in found.in_force] == ["eio", "schengen73", "un1988"]
    assert not found.flagged


def test_denmark_is_not_bound_by_the_eio_so_schengen_art_73_follows():
    dk, se = eu("DK"), eu("SE")
    standing(dk, "eio", "not_party")
    standing(se, "eio")
    for country in (dk, se):
        standing(country, "schengen73")
        standing(country, "eu_mla12", "not_party")  # so that nothing earlier is open
        standing(country, "un1988")
    found = leg(dk, se)
    assert found.channel.instrument.code == "schengen73"
    assert "eio" not in [f.instrument.code for f in found.in_force]
    assert not found.flagged


def test_ireland_with_no_eio_and_no_schengen_falls_to_naples_ii():
    ie, fr = eu("IE", schengen=False), eu("FR")
    standing(ie, "eio", "not_party")
    standing(fr, "eio")
    standing(fr, "schengen73")
    for country in (ie, fr):
        standing(country, "eu_mla12", "not_party")
        standing(country, "naples22")
        standing(country, "ets182", "not_party")
        standing(country, "un1988", "not_party")
    found = leg(ie, fr)
    assert found.channel.instrument.code == "naples22"
    # Ireland is an EU member outside the Schengen area with no record: whether it applies
    # art. 73 (a rule before Naples II) is not known, and the leg says so.
    assert [str(u) for u in found.unknown] == [
        "whether Ireland is bound by Schengen Implementing Convention, art. 73"
    ]
    assert [r.code for r in found.might_come_first] == ["schengen73"]
    # The reason is HTML: the instrument's name as the secretariat wrote it, marked.
    assert (
        'Not known yet, and would come first: whether Ireland is bound by <span lang="en">'
        "Schengen Implementing Convention, art. 73</span>"
    ) in found.reason


def test_only_the_1988_convention_in_common_is_flagged():
    tr, ge = CountryFactory(code="TR"), CountryFactory(code="GE")
    for country in (tr, ge):
        standing(country, "un1988")
        standing(country, "ets182", "not_party")
    found = leg(tr, ge)
    assert found.channel.instrument.code == "un1988"
    assert found.flagged
    assert "agreement or arrangement" in found.reason
    assert found.unknown == ()


def test_nothing_in_common_is_flagged_with_no_channel():
    tr, ge = CountryFactory(code="TR"), CountryFactory(code="GE")
    standing(tr, "un1988")
    standing(ge, "un1988", "not_party")
    standing(tr, "ets182", "not_party")
    standing(ge, "ets182")
    found = leg(tr, ge)
    assert found.channel is None
    assert found.in_force == ()
    assert found.flagged
    assert found.reason.startswith("No instrument is known to be in force between Türkiye")


def test_unknown_is_never_no():
    """A state with no record is not known: the leg says so and still finds what is known."""
    instrument("eio"), instrument("schengen73"), instrument("naples22"), instrument("eu_mla12")
    tr, ch = CountryFactory(code="TR"), CountryFactory(code="CH", schengen_member=True)
    standing(ch, "un1988")
    standing(ch, "ets182")
    found = leg(tr, ch)
    assert found.channel is None  # nothing is known in force
    assert found.flagged
    unknown = {(u.country.code, u.instrument.code) for u in found.unknown}
    # EU and Schengen instruments cannot bind Türkiye: not listed as unknown.
    assert unknown == {("TR", "un1988"), ("TR", "ets182")}
    assert "would come first: whether Türkiye is bound by ETS No. 182, art. 18" in strip_tags(
        found.reason
    )


def test_a_claim_is_not_known_until_checked():
    tr, ge = CountryFactory(code="TR"), CountryFactory(code="GE")
    standing(tr, "un1988", "claimed")
    standing(ge, "un1988")
    standing(tr, "ets182", "not_party")
    found = leg(tr, ge)
    assert found.in_force == ()
    assert [(str(u), u.claimed) for u in found.unknown] == [
        (
            "whether Türkiye is bound by 1988 UN Convention, art. 11 "
            "(claimed by its correspondent, not checked)",
            True,
        )
    ]


def test_eu_scope_rules_out_a_non_member_whatever_is_recorded():
    fr, ch = eu("FR"), CountryFactory(code="CH", schengen_member=True)
    standing(fr, "eio")
    standing(ch, "eio")  # a wrong record: Switzerland is not an EU member
    standing(fr, "schengen73")
    standing(ch, "schengen73")
    found = leg(fr, ch)
    assert found.channel.instrument.code == "schengen73"


def test_in_force_carries_the_reservations_and_declarations_with_sources():
    lv, ee = CountryFactory(code="LV"), CountryFactory(code="EE")
    party = standing(lv, "ets182", since="2008-01-01")
    Declaration.objects.create(
        party=party,
        kind=DeclarationKind.AUTHORITY,
        article="art. 18(4)",
        text="Ministry of the Interior",
        source_url="https://example.org/lv-declaration",
        version=1,
    )
    standing(ee, "ets182")
    (ets,) = [f for f in leg(lv, ee).in_force if f.instrument.code == "ets182"]
    ((country, declaration),) = ets.declarations
    assert country == lv
    assert declaration.text == "Ministry of the Interior"
    assert declaration.source_url == "https://example.org/lv-declaration"
    assert ets.a.source_url == "https://example.org/source"
    assert str(ets.a.since) == "2008-01-01"


def test_a_bilateral_agreement_binds_only_the_states_recorded():
    fr, ch, it = CountryFactory(code="FR"), CountryFactory(code="CH"), CountryFactory(code="IT")
    agreement = instrument("un1988").__class__.objects.create(
        code="fr-ch-police",
        title="Franco-Swiss police co-operation agreement",
        short_title="FR-CH agreement",
        kind=InstrumentKind.BILATERAL,
        scope=Scope.LISTED,
        order=60,
    )
    for country in (fr, ch):
        Party.objects.create(instrument=agreement, country=country, status="party", version=1)
    assert leg(fr, ch).channel.label == "Bilateral agreement"
    assert leg(fr, ch).channel.instrument == agreement
    assert agreement not in [u.instrument for u in leg(fr, it).unknown]


def test_the_rules_are_tried_in_their_order():
    assert [r.code or r.kind for r in RULES] == [
        "eio",
        "eu_mla12",
        "schengen73",
        "naples22",
        "ets182",
        "bilateral",
        "un1988",
    ]
    fr, be = eu("FR"), eu("BE")
    for country in (fr, be):
        standing(country, "eio")
        standing(country, "schengen73")
    reversed_rules = (
        Rule(code="schengen73", channel="police first", why="%(a)s-%(b)s"),
        Rule(code="eio", channel="EIO second", why="%(a)s-%(b)s"),
    )
    assert leg(fr, be, rules=reversed_rules).channel.label == "police first"
    assert leg(fr, be).channel.label == "European Investigation Order"


def test_legs_of_a_route_read_the_same_number_of_queries_whatever_its_length():
    codes = ["FR", "BE", "NL", "DE", "PL", "LT", "LV", "EE"]
    countries = [eu(code) for code in codes]
    for country in countries:
        standing(country, "eio")
        standing(country, "un1988")
    counts = []
    for n in (2, 4, 8):
        with CaptureQueriesContext(connection) as queries:
            found = legs(countries[:n])
        assert len(found) == n - 1
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] == 3


def test_what_is_not_known_is_grouped_by_instrument():
    tr, ge = CountryFactory(code="TR"), CountryFactory(code="GE")
    instrument("ets182")
    standing(tr, "un1988", "claimed")
    found = leg(tr, ge)
    grouped = {
        i.code: [(u.country.code, u.claimed) for u in items]
        for i, items in (found.unknown_by_instrument)
    }
    assert grouped["ets182"] == [("TR", False), ("GE", False)]
    assert grouped["un1988"] == [("TR", True), ("GE", False)]
