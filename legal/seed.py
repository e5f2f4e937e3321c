"""The facts seeded from legal/data/seed.json, each with its source. Loading is idempotent and
never overwrites: an instrument or a state's record that exists is left as the secretariat has
it, and a state not in the database is skipped (load again after `loaddata countries`)."""

import json
from pathlib import Path

from django.utils.translation import gettext_noop

SEED = Path(__file__).resolve().parent / "data" / "seed.json"
SEED_FILE = "legal/data/seed.json"
# Stored as is in the history (the portal's own reason, typed by no one), shown in the reader's
# language (legal.templatetags.legal.legal_reason).
SEED_REASON = f"Seeded from a cited source ({SEED_FILE})"
SEED_REASON_SAID = gettext_noop("Seeded from a cited source (%(file)s)")
FRENCH_TITLES = ("title_fr", "short_title_fr")


def seed_facts() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def _create(model, **fields):
    """Save a new record with the seed's reason in its history (when the model keeps one)."""
    record = model(**fields)
    record._change_reason = SEED_REASON
    record.save()
    return record


def _fields(model, data: dict) -> dict:
    """What of the seed's row the model holds (a data migration's historical model may predate
    a field: the French titles come after 0002_seed, filled by seed_french_titles)."""
    names = {field.name for field in model._meta.get_fields()}
    return {key: value for key, value in data.items() if key in names}


def seed_french_titles(*, Instrument) -> int:  # noqa: N803 (a model class)
    """Fill the official French titles of the seeded instruments where none is recorded (never
    overwrites what the secretariat wrote); return the number of titles filled."""
    filled = 0
    for data in seed_facts()["instruments"]:
        for field in FRENCH_TITLES:
            filled += Instrument.objects.filter(code=data["code"], **{field: ""}).update(
                **{field: data[field]}
            )
    return filled


def seed_load(*, Instrument, Party, Declaration, Country) -> int:  # noqa: N803 (model classes)
    """Create what the seed holds and the database lacks; return the number of records made.
    Takes the model classes so that a data migration can pass its historical ones."""
    facts = seed_facts()
    made = 0
    instruments = {}
    for data in facts["instruments"]:
        instrument = Instrument.objects.filter(code=data["code"]).first()
        if instrument is None:
            instrument = _create(Instrument, **_fields(Instrument, data), version=1)
            made += 1
        instruments[data["code"]] = instrument
    if any(f.name == "title_fr" for f in Instrument._meta.get_fields()):
        seed_french_titles(Instrument=Instrument)
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
