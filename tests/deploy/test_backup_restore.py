"""A backup restores into an empty database with every table's rows and the whole audit log,
the append-only trigger included; a restore refuses a database that already holds tables."""

import os
import subprocess
import sys

import psycopg
import pytest
from django.db import connection
from psycopg import errors, sql

from handbook.audit import audit_record
from handbook.backups import table_row_counts
from handbook.models import AuditAction
from tests.factories import CountryFactory, SecretariatFactory, contact_for, profile_with

from .conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)
RESTORED = "handbook_restore_test"
AUDIT = "SELECT id, at, actor_id, action, target_id, country, ip_address, detail"


def _url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"


def _manage(database: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env["DATABASE_URL"] = _url(database)
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _execute(statement: sql.Composable) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(cursor.connection))


@pytest.fixture
def empty_database():
    _execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(RESTORED)))
    _execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(RESTORED)))
    try:
        yield RESTORED
    finally:
        _execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(RESTORED))
        )


@pytest.fixture
def content(db):
    secretariat = SecretariatFactory()
    for code in ("FR", "BE"):
        country = CountryFactory(code=code)
        profile_with(country, by=secretariat, legal_note="Covered by art. 12.")
        contact_for(country, by=secretariat, organisation=f"{code} Duty Desk")
    for n in range(5):
        audit_record(action=AuditAction.PDF_EXPORTED, actor=secretariat, detail=f"export {n}")


def test_restore_brings_back_every_row_and_the_audit_log(content, empty_database, tmp_path):
    source = connection.settings_dict["NAME"]
    backup = tmp_path / "handbook.dump"
    made = _manage(source, "backup_database", "--output", str(backup))
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_size > 0 and "Backup written" in made.stdout

    restored = _manage(empty_database, "restore_database", str(backup))
    assert restored.returncode == 0, restored.stderr

    before, after = table_row_counts(dsn=_url(source)), table_row_counts(dsn=_url(empty_database))
    assert before == after
    assert before["handbook_auditentry"] >= 5 and before["countries_contact"] == 2
    with psycopg.connect(_url(source)) as a, psycopg.connect(_url(empty_database)) as b:
        query = f"{AUDIT} FROM handbook_auditentry ORDER BY id"  # noqa: S608 (constant)
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
        with pytest.raises(errors.RaiseException, match="append-only"):
            b.execute("UPDATE handbook_auditentry SET detail = 'forged'")


def test_restore_refuses_a_database_that_is_not_empty(content, tmp_path):
    backup = tmp_path / "handbook.dump"
    source = connection.settings_dict["NAME"]
    assert _manage(source, "backup_database", "--output", str(backup)).returncode == 0
    refused = _manage(source, "restore_database", str(backup))
    assert refused.returncode != 0
    assert "not empty" in refused.stderr


def test_backups_in_a_directory_keep_only_the_newest(content, tmp_path):
    source = connection.settings_dict["NAME"]
    for n in range(3):
        stale = tmp_path / f"handbook-2020010{n}T000000Z.dump"
        stale.write_bytes(b"old")
    made = _manage(source, "backup_database", "--directory", str(tmp_path), "--keep", "2")
    assert made.returncode == 0, made.stderr
    kept = sorted(p.name for p in tmp_path.glob("handbook-*.dump"))
    assert len(kept) == 2 and kept[0] == "handbook-20200102T000000Z.dump"
    assert "older backups removed: 2" in made.stdout
