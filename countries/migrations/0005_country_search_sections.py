"""Each state's search text cut by the part of its page it comes from, stored at write time so
that the search page no longer rebuilds it from every profile and contact on each request; and
pg_trgm on PostgreSQL, for the "did you mean" suggestions on misspelt words."""

from django.db import migrations, models


def fill(apps, schema_editor):
    """Fill the new column from the models as they are at this migration (not the live ones,
    which may have columns a later migration adds); the words come from the live schema."""
    from countries.search_index import section_texts

    Country = apps.get_model("countries", "Country")
    Profile = apps.get_model("countries", "Profile")
    Contact = apps.get_model("countries", "Contact")
    for country in Country.objects.all():
        profile = Profile.objects.filter(country=country).first()
        contacts = list(Contact.objects.filter(country=country))
        Country.objects.filter(pk=country.pk).update(
            search_sections=section_texts(profile, contacts)
        )


def trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("countries", "0004_search_index")]
    operations = [
        migrations.AddField(
            model_name="country",
            name="search_sections",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram, migrations.RunPython.noop),
    ]
