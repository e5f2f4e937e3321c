"""The legal basis of each leg of a route: which instruments are in force between two states,
and which channel follows, by rules kept as data (RULES, tried in order).

Unknown is never "no": when a state's standing under an instrument is not known (or only
claimed by its correspondent), the leg says so, and a rule that might come first is named.
A leg whose only known common instrument is the 1988 UN Convention, or none, is flagged: its
controlled delivery needs an agreement or arrangement case by case.

All the data of a route is read in three queries, whatever its length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from countries.models import Country
from handbook.html import message_html

from .models import Declaration, Instrument, InstrumentKind, Party, PartyStatus

UN1988 = "un1988"
TONES = {
    PartyStatus.PARTY: "yes",
    PartyStatus.NOT_PARTY: "no",
    PartyStatus.CLAIMED: "conditional",
    PartyStatus.NOT_KNOWN: "unknown",
}


@dataclass(frozen=True)
class Rule:
    """When both states are bound by the instrument `code` (or, with `kind`, by any instrument
    of that kind), `channel` follows, for the reason `why` (%(a)s and %(b)s name the states).
    Both are catalogue messages, said in the reader's language."""

    channel: Promise | str
    why: Promise | str
    code: str = ""
    kind: str = ""
    flagged: bool = False

    def matches(self, instrument: Instrument) -> bool:
        return instrument.code == self.code if self.code else instrument.kind == self.kind


RULES: tuple[Rule, ...] = (
    Rule(
        code="eio",
        channel=_("European Investigation Order"),
        why=_(
            "%(a)s and %(b)s are both bound by the EIO directive (2014/41/EU): a European "
            "Investigation Order, issued or validated by a judicial authority (art. 28 covers "
            "controlled deliveries)."
        ),
    ),
    Rule(
        code="eu_mla12",
        channel=_("Request under the 2000 EU MLA Convention, art. 12"),
        why=_(
            "%(a)s and %(b)s are both parties to the 2000 EU Mutual Legal Assistance Convention "
            "and not both bound by the EIO directive: a request for a controlled delivery under "
            "art. 12."
        ),
    ),
    Rule(
        code="schengen73",
        channel=_("Police co-operation under Schengen art. 73"),
        why=_(
            "%(a)s and %(b)s both apply the Schengen Implementing Convention: police "
            "co-operation under art. 73, each state keeping direction and control on its "
            "territory."
        ),
    ),
    Rule(
        code="naples22",
        channel=_("Customs co-operation under Naples II art. 22"),
        why=_(
            "%(a)s and %(b)s are both parties to the Naples II Convention: customs co-operation "
            "under art. 22, between their customs administrations."
        ),
    ),
    Rule(
        code="ets182",
        channel=_("Request under ETS No. 182, art. 18"),
        why=_(
            "%(a)s and %(b)s are both parties to the Second Additional Protocol (ETS No. 182): a "
            "request under art. 18, to the authority each designated under art. 18(4)."
        ),
    ),
    Rule(
        kind=InstrumentKind.BILATERAL,
        channel=_("Bilateral agreement"),
        why=_("%(a)s and %(b)s are both bound by a bilateral agreement that covers it."),
    ),
    Rule(
        code=UN1988,
        channel=_("1988 UN Convention, art. 11, by agreement or arrangement"),
        why=_(
            "The 1988 UN Convention is the only instrument known to be in force between %(a)s "
            "and %(b)s: under art. 11 a controlled delivery needs an agreement or arrangement "
            "between them, case by case."
        ),
        flagged=True,
    ),
)
NOTHING_IN_COMMON = _(
    "No instrument is known to be in force between %(a)s and %(b)s: a controlled delivery "
    "needs an agreement between them, case by case."
)


@dataclass(frozen=True)
class Standing:
    """One state's standing under one instrument."""

    country: Country
    instrument: Instrument
    status: str  # a PartyStatus value
    since: date | None = None
    source_url: str = ""
    declarations: tuple[Declaration, ...] = ()
    by_scope: bool = False  # not bound because the instrument's scope rules the state out
    record: Party | None = None  # the record it comes from, if any (its note, its version)

    @property
    def bound(self) -> bool:
        return self.status == PartyStatus.PARTY

    @property
    def known(self) -> bool:
        return self.status in (PartyStatus.PARTY, PartyStatus.NOT_PARTY)

    @property
    def status_label(self) -> str:
        if self.by_scope:
            return gettext("Not a party (outside its scope)")
        return str(PartyStatus(self.status).label)

    @property
    def tone(self) -> str:
        """The badge of the status, as the profile's answers have (yes, no, conditional...)."""
        return TONES[self.status]


@dataclass(frozen=True)
class InForce:
    """An instrument in force between both states of a leg, with what each declared."""

    instrument: Instrument
    a: Standing
    b: Standing

    @property
    def declarations(self) -> list[tuple[Country, Declaration]]:
        return [(s.country, d) for s in (self.a, self.b) for d in s.declarations]


@dataclass(frozen=True)
class Unknown:
    """What is not known: whether `country` is bound by `instrument` (or only claimed)."""

    country: Country
    instrument: Instrument
    claimed: bool = False

    def _message(self) -> str:
        if self.claimed:
            return gettext(
                "whether %(state)s is bound by %(instrument)s (claimed by its "
                "correspondent, not checked)"
            )
        return gettext("whether %(state)s is bound by %(instrument)s")

    def __str__(self) -> str:
        return self._message() % {"state": self.country.name, "instrument": self.instrument}

    def __html__(self) -> SafeString:
        """As a page shows it: the instrument's name marked with its language."""
        return message_html(
            self._message(), state=self.country.name, instrument=self.instrument.shown_name
        )


@dataclass(frozen=True)
class Channel:
    rule: Rule
    instrument: Instrument

    @property
    def label(self) -> str:
        return str(self.rule.channel)


@dataclass(frozen=True)
class Leg:
    a: Country
    b: Country
    in_force: tuple[InForce, ...]
    channel: Channel | None
    reason: SafeString  # HTML: what the secretariat wrote marked with its language
    flagged: bool
    unknown: tuple[Unknown, ...]
    # Rules that would come before the channel if what is not known turned out "party".
    might_come_first: tuple[Rule, ...] = ()
    number: int = 1  # its place on the route, from 1

    @property
    def unknown_by_instrument(self) -> list[tuple[Instrument, list[Unknown]]]:
        """What is not known, instrument by instrument, in the instruments' order."""
        grouped: dict[int, tuple[Instrument, list[Unknown]]] = {}
        for item in self.unknown:
            grouped.setdefault(item.instrument.pk, (item.instrument, []))[1].append(item)
        return list(grouped.values())


class Standings:
    """Every instrument, and the recorded standing of the given states, loaded once."""

    def __init__(
        self, countries: Sequence[Country], *, instruments: Sequence[Instrument] | None = None
    ):
        codes = {c.pk for c in countries}
        # With its instrument, for the language of its note and its declarations' texts.
        parties = Party.objects.filter(country__in=codes).select_related("instrument")
        if instruments is not None:
            parties = parties.filter(instrument__in=instruments)
        parties = parties.prefetch_related(
            Prefetch("declarations", queryset=Declaration.objects.order_by("kind", "pk"))
        )
        self.instruments = list(Instrument.objects.all()) if instruments is None else instruments
        self.records = {(p.instrument_id, p.country_id): p for p in parties}

    @property
    def rows(self) -> list[Instrument | Party | Declaration]:
        """Every record read: what a page that keeps a rendered leg is keyed by."""
        parties = list(self.records.values())
        return [*self.instruments, *parties, *(d for p in parties for d in p.declarations.all())]

    def of(self, country: Country, instrument: Instrument) -> Standing:
        if not instrument.open_to(country):
            return Standing(country, instrument, PartyStatus.NOT_PARTY, by_scope=True)
        record = self.records.get((instrument.pk, country.pk))
        if record is None and instrument.absent_means_not_party:
            return Standing(country, instrument, PartyStatus.NOT_PARTY, by_scope=True)
        if record is None:
            return Standing(country, instrument, PartyStatus.NOT_KNOWN)
        return Standing(
            country,
            instrument,
            record.status,
            record.since,
            record.source_url,
            tuple(record.declarations.all()),
            record=record,
        )


def _first_rule(rules: Sequence[Rule], instruments: Sequence[Instrument]):
    for rule in rules:
        for instrument in instruments:
            if rule.matches(instrument):
                return rule, instrument
    return None


def _leg(
    a: Country, b: Country, standings: Standings, rules: Sequence[Rule], number: int = 1
) -> Leg:
    in_force, possible, unknown = [], [], []
    for instrument in standings.instruments:
        sa, sb = standings.of(a, instrument), standings.of(b, instrument)
        if sa.bound and sb.bound:
            in_force.append(InForce(instrument, sa, sb))
        elif PartyStatus.NOT_PARTY not in (sa.status, sb.status):
            possible.append(instrument)  # neither is known not to be bound
            unknown += [
                Unknown(s.country, instrument, claimed=s.status == PartyStatus.CLAIMED)
                for s in (sa, sb)
                if not s.known
            ]
    found = _first_rule(rules, [f.instrument for f in in_force])
    names = {"a": a.name, "b": b.name}
    if found is None:
        channel, reason, flagged, cut = (
            None,
            message_html(str(NOTHING_IN_COMMON), **names),
            True,
            len(rules),
        )
    else:
        rule, instrument = found
        channel, reason, flagged = (
            Channel(rule, instrument),
            message_html(str(rule.why), **names),
            rule.flagged,
        )
        cut = rules.index(rule)
    earlier = tuple(r for r in rules[:cut] if any(r.matches(i) for i in possible))
    first = [u for u in unknown if any(r.matches(u.instrument) for r in earlier)]
    if first:
        unknown_html = mark_safe("; ".join(conditional_escape(u) for u in first))  # noqa: S308
        reason = message_html(
            "%(reason)s %(more)s",
            reason=reason,
            more=message_html(
                gettext("Not known yet, and would come first: %(unknown)s."), unknown=unknown_html
            ),
        )
    return Leg(a, b, tuple(in_force), channel, reason, flagged, tuple(unknown), earlier, number)


def legs(
    countries: Sequence[Country],
    *,
    rules: Sequence[Rule] = RULES,
    standings: Standings | None = None,
) -> list[Leg]:
    """The legs of a route, one per pair of consecutive states (from `standings` when they
    are already loaded for these states)."""
    standings = standings or Standings(countries)
    return [
        _leg(a, b, standings, rules, number)
        for number, (a, b) in enumerate(pairwise(countries), start=1)
    ]


def leg(a: Country, b: Country, *, rules: Sequence[Rule] = RULES) -> Leg:
    return legs([a, b], rules=rules)[0]
