"""The facts seeded from legal/data/seed.json, each with its source. Loading is idempotent and
never overwrites: an instrument or a state's record that exists is left as the secretariat has
it, and a state not in the database is skipped (load again after `loaddata countries`)."""

import json
from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "seed.json"
SEED_REASON = "Seeded from a cited source (legal/data/seed.json)"


def seed_facts() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def seed_load(*, Instrument, Party, Declaration, Country) -> int:  # noqa: N803 (model classes)
    """Create what the seed holds and the database lacks; return the number of records made.
    Takes the model classes so that a data migration can pass its historical ones."""
    facts = seed_facts()
    made = 0
    instruments = {}
    for data in facts["instruments"]:
        instrument, created = Instrument.objects.get_or_create(
            code=data["code"], defaults={k: v for k, v in data.items() if k != "code"}
        )
        instruments[data["code"]] = instrument
        made += created
    present = set(Country.objects.values_list("code", flat=True))
    for data in facts["parties"]:
        if data["country"] not in present:
            continue
        party, created = Party.objects.get_or_create(
            instrument=instruments[data["instrument"]],
            country_id=data["country"],
            defaults={
                "status": data["status"],
                "since": data["since"],
                "source_url": data["source_url"],
                "note": data["note"],
                "version": 1,
            },
        )
        made += created
    for data in facts["declarations"]:
        party = Party.objects.filter(
            instrument__code=data["instrument"], country_id=data["country"]
        ).first()
        if party is None or party.declarations.filter(text=data["text"]).exists():
            continue
        Declaration.objects.create(
            party=party,
            kind=data["kind"],
            article=data["article"],
            text=data["text"],
            source_url=data["source_url"],
            version=1,
        )
        made += 1
    return made
