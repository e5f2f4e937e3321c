from django.db import migrations

from legal.seed import seed_load


def forwards(apps, schema_editor):
    seed_load(
        Instrument=apps.get_model("legal", "Instrument"),
        Party=apps.get_model("legal", "Party"),
        Declaration=apps.get_model("legal", "Declaration"),
        Country=apps.get_model("countries", "Country"),
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
