"""Two database roles: the owner runs migrations, the application role only reads and writes.

The owner (the role in DATABASE_URL when `manage.py migrate` runs) owns every table. After each
migration run it grants the application role (DATABASE_APP_ROLE) what the portal needs: read
and write on every table, except the audit log, which it may only read and append to. Not owning
the tables, the application role can neither alter nor drop them nor disable the audit log's
append-only trigger, and without the TRUNCATE privilege it cannot empty a table.
"""

from django.conf import settings
from django.db import connections
from psycopg import sql

from handbook.models import AuditEntry

APPEND_ONLY_TABLES = (AuditEntry._meta.db_table,)


def app_role_grant(*, role: str, using: str = "default") -> None:
    """Give `role` the application's privileges on every table now in the public schema."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    who = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(connection.settings_dict["NAME"]), who
        ),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            who
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
    ]
    statements += [
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), who)
        for table in APPEND_ONLY_TABLES
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.as_string(cursor.connection))


def grant_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: keep the application role's grants in step with the tables."""
    if settings.DATABASE_APP_ROLE:
        app_role_grant(role=settings.DATABASE_APP_ROLE, using=using)
