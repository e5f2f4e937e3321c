"""Every state's search index written again, so that each one holds its page texts per language
and plain (no tags, whitespace collapsed), as `countries.search_index` now writes them: the
search page reads only the reader's language and no longer cleans the texts on every request.

The states are listed through the model as it is at this migration; the index is written by the
live `search_index_country`, as every write does."""

from django.db import migrations


def reindex(apps, schema_editor):
    from countries.models import Country
    from countries.search_index import search_index_country

    for code in apps.get_model("countries", "Country").objects.values_list("pk", flat=True):
        search_index_country(Country(code=code))


class Migration(migrations.Migration):
    dependencies = [("countries", "0014_profile_content_language")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
