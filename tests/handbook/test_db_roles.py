"""The application's database role may read and append to the audit log, nothing more.

Runs on the suite's PostgreSQL: a real second role is created, granted by the same code that runs
after `migrate`, and then tries every way of changing or erasing the audit log."""

import os

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import errors, sql

from handbook.dbroles import app_role_grant
from handbook.models import AuditAction, AuditEntry

# Roles are cluster-wide: one per xdist worker, so parallel workers never share one.
ROLE = f"handbook_app_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
PASSWORD = "app-role-test-password"

pytestmark = pytest.mark.django_db(transaction=True)


def _privileges(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE']) p"
            " WHERE has_table_privilege(%s, %s, p)",
            [ROLE, table],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def app_role():
    """A fresh login role with no privileges yet, dropped afterwards with what it was granted."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP ROLE IF EXISTS {}")
            .format(sql.Identifier(ROLE))
            .as_string(cursor.connection)
        )
        cursor.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}")
            .format(sql.Identifier(ROLE), sql.Literal(PASSWORD))
            .as_string(cursor.connection)
        )
    try:
        yield ROLE
    finally:
        with connection.cursor() as cursor:
            for statement in ("DROP OWNED BY {}", "DROP ROLE {}"):
                cursor.execute(
                    sql.SQL(statement).format(sql.Identifier(ROLE)).as_string(cursor.connection)
                )


@pytest.fixture
def app_connection(app_role):
    """A connection to the test database as that role, with the application's grants."""
    app_role_grant(role=app_role)
    params = connection.get_connection_params()
    conn = psycopg.connect(
        host=params.get("host"),
        port=params.get("port"),
        dbname=params["dbname"],
        user=ROLE,
        password=PASSWORD,
        autocommit=True,
    )
    try:
        yield conn
    finally:
        conn.close()


def test_migrate_grants_the_configured_app_role(app_role, settings):
    assert _privileges("handbook_auditentry") == set()
    settings.DATABASE_APP_ROLE = app_role
    call_command("migrate", verbosity=0)
    assert _privileges("handbook_auditentry") == {"SELECT", "INSERT"}
    assert _privileges("countries_profile") == {"SELECT", "INSERT", "UPDATE", "DELETE"}


def _entry() -> AuditEntry:
    return AuditEntry.objects.create(action=AuditAction.LOGIN_FAILURE, detail="probe")


def test_app_role_reads_and_appends_to_the_audit_log(app_connection):
    entry = _entry()
    cursor = app_connection.cursor()
    cursor.execute("SELECT detail FROM handbook_auditentry WHERE id = %s", [entry.id])
    assert cursor.fetchone() == ("probe",)
    cursor.execute(
        "INSERT INTO handbook_auditentry (at, action, target_type, target_id,"
        " country, detail) VALUES (now(), 'login.failure', '', '', '', 'by app')"
    )
    assert AuditEntry.objects.filter(detail="by app").count() == 1


def test_app_role_reads_and_writes_the_other_tables(app_connection):
    cursor = app_connection.cursor()
    cursor.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date)"
        " VALUES ('k-app-role', 'x', now())"
    )
    cursor.execute("UPDATE django_session SET session_data = 'y' WHERE session_key = 'k-app-role'")
    cursor.execute("DELETE FROM django_session WHERE session_key = 'k-app-role'")
    assert cursor.rowcount == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE handbook_auditentry SET detail = 'forged'",
        "DELETE FROM handbook_auditentry",
        "TRUNCATE handbook_auditentry",
        "ALTER TABLE handbook_auditentry DISABLE TRIGGER handbook_auditentry_append_only",
        "ALTER TABLE handbook_auditentry DISABLE TRIGGER ALL",
        "DROP TRIGGER handbook_auditentry_append_only ON handbook_auditentry",
        "CREATE OR REPLACE FUNCTION handbook_audit_append_only() RETURNS trigger AS"
        " $$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql",
        "DROP TABLE handbook_auditentry",
        "TRUNCATE django_session",
        "CREATE TABLE handbook_shadow (id int)",
    ],
)
def test_app_role_cannot_change_or_erase_the_audit_log(app_connection, statement):
    entry = _entry()
    with pytest.raises(errors.InsufficientPrivilege):
        app_connection.execute(statement)
    assert list(AuditEntry.objects.values_list("id", "detail")) == [(entry.id, "probe")]
