"""Memberships checked against the official sources (see the commit message).

Pompidou Group: Armenia a member since 1 January 2020, Georgia since 1 May 2020; the Russian
Federation left on 16 March 2022. European Union: the 27 member states. Schengen area: the 25
EU states that apply the acquis in full (all but Cyprus and Ireland; Bulgaria and Romania in
full since 1 January 2025) and Iceland, Liechtenstein, Norway and Switzerland.

Only states already in the database are touched; a state the secretariat has added keeps what
it has. Going back clears the two new flags' values and puts the Pompidou flags back.
"""

from django.db import migrations

EU = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE").split()
SCHENGEN = [code for code in EU if code not in ("CY", "IE")] + ["CH", "IS", "LI", "NO"]
POMPIDOU_JOINED = ["AM", "GE"]
POMPIDOU_LEFT = ["RU"]


def forwards(apps, schema_editor):
    Country = apps.get_model("countries", "Country")
    Country.objects.filter(code__in=POMPIDOU_JOINED).update(pompidou_member=True)
    Country.objects.filter(code__in=POMPIDOU_LEFT).update(pompidou_member=False)
    Country.objects.filter(code__in=EU).update(eu_member=True)
    Country.objects.filter(code__in=SCHENGEN).update(schengen_member=True)


def backwards(apps, schema_editor):
    Country = apps.get_model("countries", "Country")
    Country.objects.filter(code__in=POMPIDOU_JOINED).update(pompidou_member=False)
    Country.objects.update(eu_member=False, schengen_member=False)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0005_eu_schengen_memberships"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
