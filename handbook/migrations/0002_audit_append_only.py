"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the audit log.

(TRUNCATE stays possible for the owner: the test suite empties tables that way between
browser tests; the portal and the admin never truncate.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION handbook_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER handbook_auditentry_append_only
    BEFORE UPDATE OR DELETE ON handbook_auditentry
    FOR EACH ROW EXECUTE FUNCTION handbook_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS handbook_auditentry_append_only ON handbook_auditentry;
DROP FUNCTION IF EXISTS handbook_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("handbook", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
