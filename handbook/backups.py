"""Backups of the PostgreSQL database, and their restore into an empty database.

A backup is one `pg_dump --format=custom`: a single snapshot of every table, consistent even
while the portal writes (pg_dump reads in one repeatable-read transaction). A restore runs
`pg_restore` in one transaction into a database that must hold no table yet, then grants the
application role its privileges again, as `migrate` does. The credentials go to the tools in
their environment, never on a command line another user could read.
"""

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections

from handbook.dbroles import app_role_grant

BACKUP_PREFIX = "handbook-"
BACKUP_SUFFIX = ".dump"


class BackupError(Exception):
    """A PostgreSQL client tool is missing or failed, or the restore target is unusable."""


@dataclass(frozen=True)
class BackupDone:
    path: Path
    size: int
    seconds: float
    removed: tuple[Path, ...] = ()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install postgresql-client")
    return found


def _libpq_env(using: str) -> dict[str, str]:
    params = connections[using].get_connection_params()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, variable in [
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("dbname", "PGDATABASE"),
    ]:
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (PostgreSQL's own tools, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def database_backup(*, path: Path, using: str = "default") -> BackupDone:
    """Write a consistent custom-format dump of the database to `path` (atomically)."""
    if connections[using].vendor != "postgresql":
        raise BackupError("backups are for PostgreSQL")
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    try:
        _run(
            [_tool("pg_dump"), "--format=custom", "--no-password", f"--file={partial}"],
            _libpq_env(using),
        )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupDone(path=path, size=path.stat().st_size, seconds=time.perf_counter() - started)


def database_backup_rotate(*, directory: Path, keep: int, using: str = "default") -> BackupDone:
    """A new dated backup in `directory`; only the newest `keep` backups are kept."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    done = database_backup(path=directory / f"{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}", using=using)
    backups = sorted(directory.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}"))
    removed = tuple(backups[:-keep]) if keep > 0 else ()
    for old in removed:
        old.unlink()
    return BackupDone(path=done.path, size=done.size, seconds=done.seconds, removed=removed)


def database_tables(*, using: str = "default") -> list[str]:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return [row[0] for row in cursor.fetchall()]


def database_restore(*, path: Path, using: str = "default") -> float:
    """Restore the dump at `path` into the (empty) database; the seconds it took."""
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    if connections[using].vendor != "postgresql":
        raise BackupError("backups are for PostgreSQL")
    if database_tables(using=using):
        raise BackupError("the target database is not empty: restore only into a new database")
    connections[using].close()
    started = time.perf_counter()
    env = _libpq_env(using)
    _run(
        [
            _tool("pg_restore"),
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-acl",
            "--no-password",
            f"--dbname={env.get('PGDATABASE', '')}",
            str(path),
        ],
        env,
    )
    if settings.DATABASE_APP_ROLE:
        app_role_grant(role=settings.DATABASE_APP_ROLE, using=using)
    return time.perf_counter() - started


def table_row_counts(*, dsn: str) -> dict[str, int]:
    """Rows per table of the public schema (for comparing a restore with its source)."""
    with psycopg.connect(dsn) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(
                psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }
