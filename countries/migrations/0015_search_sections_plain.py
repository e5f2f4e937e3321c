"""Every state's search index written again, so that each one holds its page texts per language
and plain (no tags, whitespace collapsed), as `countries.search_index` now writes them: the
search page reads only the reader's language and no longer cleans the texts on every request.

The digest of the texts (`search_digest`, what the search page keys its rendered results by) is
added first, since the index is written by the live `search_index_country`, as every write
does; the states are listed through the model as it is at this migration."""

from django.db import migrations, models


def reindex(apps, schema_editor):
    from countries.models import Country
    from countries.search_index import search_index_country

    for code in apps.get_model("countries", "Country").objects.values_list("pk", flat=True):
        search_index_country(Country(code=code))


class Migration(migrations.Migration):
    dependencies = [("countries", "0014_profile_content_language")]
    operations = [
        migrations.AddField(
            model_name="country",
            name="search_digest",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
