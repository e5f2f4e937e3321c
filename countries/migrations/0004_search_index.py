"""A GIN index on the search vector, on PostgreSQL only (SQLite has no such index)."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS countries_country_search_gin ON countries_country USING gin (search_vector)"
DROP = "DROP INDEX IF EXISTS countries_country_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("countries", "0003_search")]
    operations = [migrations.RunPython(create, drop)]
