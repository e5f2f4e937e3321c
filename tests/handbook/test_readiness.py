"""/healthz is liveness only; /readyz answers 503 while the portal cannot serve."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from django.test import Client
client = Client()
for path in ("/healthz", "/readyz"):
    response = client.get(path)
    print(path, response.status_code, response.content.decode())
"""


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_is_migrated(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.content == b"ready"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_missing(client):
    MigrationRecorder(connection).record_unapplied("countries", "0001_initial")
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.content == b"unavailable"


def test_not_ready_while_the_database_is_unreachable_but_still_alive():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="handbook.settings",
        DATABASE_URL="postgres://handbook@127.0.0.1:1/handbook",
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["/healthz 200 ok", "/readyz 503 unavailable"]
    assert "127.0.0.1" not in result.stdout
