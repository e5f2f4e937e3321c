"""The facts seeded from legal/data/seed.json, each with its source. Loading is idempotent and
never overwrites: an instrument or a state's record that exists is left as the secretariat has
it, and a state not in the database is skipped (load again after `loaddata countries`)."""

import json
from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "seed.json"
SEED_REASON = "Seeded from a cited source (legal/data/seed.json)"


def seed_facts() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def _create(model, **fields):
    """Save a new record with the seed's reason in its history (when the model keeps one)."""
    record = model(**fields)
    record._change_reason = SEED_REASON
    record.save()
    return record


def seed_load(*, Instrument, Party, Declaration, Country) -> int:  # noqa: N803 (model classes)
    """Create what the seed holds and the database lacks; return the number of records made.
    Takes the model classes so that a data migration can pass its historical ones."""
    facts = seed_facts()
    made = 0
    instruments = {}
    for data in facts["instruments"]:
        instrument = Instrument.objects.filter(code=data["code"]).first()
        if instrument is None:
            instrument = _create(Instrument, **data, version=1)
            made += 1
        instruments[data["code"]] = instrument
    present = set(Country.objects.values_list("code", flat=True))
    for data in facts["parties"]:
        if data["country"] not in present:
            continue
        instrument = instruments[data["instrument"]]
        if Party.objects.filter(instrument=instrument, country_id=data["country"]).exists():
            continue
        _create(
            Party,
            instrument=instrument,
            country_id=data["country"],
            status=data["status"],
            since=data["since"],
            source_url=data["source_url"],
            note=data["note"],
            version=1,
        )
        made += 1
    for data in facts["declarations"]:
        party = Party.objects.filter(
            instrument__code=data["instrument"], country_id=data["country"]
        ).first()
        if party is None or party.declarations.filter(text=data["text"]).exists():
            continue
        _create(
            Declaration,
            party=party,
            kind=data["kind"],
            article=data["article"],
            text=data["text"],
            source_url=data["source_url"],
            version=1,
        )
        made += 1
    return made
