from legal.models import Instrument, Party
from legal.seed import seed_facts


def instrument(code: str) -> Instrument:
    """A seeded instrument (created from the seed when a test flushed the database)."""
    data = next(i for i in seed_facts()["instruments"] if i["code"] == code)
    found, _ = Instrument.objects.get_or_create(
        code=code, defaults={k: v for k, v in data.items() if k != "code"}
    )
    return found


def standing(country, code: str, status: str = "party", **fields) -> Party:
    return Party.objects.create(
        instrument=instrument(code),
        country=country,
        status=status,
        source_url=fields.pop("source_url", "https://example.org/source"),
        version=1,
        **fields,
    )
