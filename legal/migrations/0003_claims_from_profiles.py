"""The profile's old "International instruments applied" answers become claims on the party
records, for the secretariat to check: a state with no record gets one marked "claimed by the
correspondent, not checked"; a state with a record keeps it, with the claim added to its note.
"Bilateral agreements" names no agreement: it becomes a claim on a placeholder instrument,
"Bilateral agreements (not named)", for the secretariat to replace with the agreements
themselves. A claim is never "in force": it says what is not known yet."""

from django.db import migrations

CLAIM_NOTE = "Claimed in the profile's former answer on instruments applied"
CODES = ("un1988", "schengen73", "eu_mla12", "naples22", "ets182", "eio")
UNNAMED = "bilateral-unnamed"


def claim_note(condition: str) -> str:
    note = CLAIM_NOTE + "."
    return f"{note} Its note: {condition.strip()}" if condition.strip() else note


def unnamed_bilateral(Instrument):
    instrument, _ = Instrument.objects.get_or_create(
        code=UNNAMED,
        defaults={
            "title": "Bilateral agreements named in profiles, not yet identified",
            "short_title": "Bilateral agreements (not named)",
            "kind": "bilateral",
            "scope": "listed",
            "order": 80,
            "note": "A placeholder for the claims migrated from profiles: the secretariat "
            "records each agreement as an instrument of its own.",
            "version": 1,
        },
    )
    return instrument


def forwards(apps, schema_editor):
    Profile = apps.get_model("countries", "Profile")
    Instrument = apps.get_model("legal", "Instrument")
    Party = apps.get_model("legal", "Party")
    instruments = {i.code: i for i in Instrument.objects.filter(code__in=CODES)}
    for profile in Profile.objects.exclude(instruments=None):
        ticked = list(profile.instruments or [])
        if "bilateral" in ticked:
            instruments[UNNAMED] = unnamed_bilateral(Instrument)
        codes = [c if c != "bilateral" else UNNAMED for c in ticked]
        codes = [c for c in codes if c in instruments]
        note = claim_note(profile.instruments_condition or "")
        for code in codes:
            party = Party.objects.filter(
                instrument=instruments[code], country_id=profile.country_id
            ).first()
            if party is None:
                Party.objects.create(
                    instrument=instruments[code],
                    country_id=profile.country_id,
                    status="claimed",
                    note=note,
                    version=1,
                )
            else:
                party.note = f"{party.note}\n{note}".strip()
                party.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0002_seed"),
        ("countries", "0008_merge_currency"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
