"""The official French titles of the seeded instruments (legal/data/seed.json), for databases
seeded before the instruments had them. A title the secretariat has written is kept."""

from django.db import migrations

from legal.seed import seed_french_titles


def forwards(apps, schema_editor):
    seed_french_titles(Instrument=apps.get_model("legal", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0004_instrument_language_and_french_titles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
