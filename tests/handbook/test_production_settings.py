"""With DJANGO_ENV=production the portal refuses to start unless it is configured safely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error

from handbook.checks import no_demo_accounts_in_production
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-7f3a9c1e5b",
    "DJANGO_ALLOWED_HOSTS": "handbook.example.org",
    "DATABASE_URL": "postgres://handbook@127.0.0.1:1/handbook",
}


def _run(env_changes: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS must be set"),
        ({"DATABASE_URL": None}, "DATABASE_URL must be set"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "must point at PostgreSQL"),
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG must be off"),
    ],
)
def test_production_refuses_to_start_when_misconfigured(change, message):
    result = _run({**GOOD, **change}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_deploy_check_reports_nothing():
    result = _run(GOOD, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_deploy_check_fails_when_demo_accounts_exist_in_production(settings):
    settings.PRODUCTION = True
    assert no_demo_accounts_in_production(None) == []
    UserFactory(username="official")
    errors = no_demo_accounts_in_production(None)
    assert [e.id for e in errors] == ["handbook.E001"]
    assert isinstance(errors[0], Error)


@pytest.mark.django_db
def test_demo_accounts_are_fine_outside_production(settings):
    settings.PRODUCTION = False
    UserFactory(username="official")
    assert no_demo_accounts_in_production(None) == []


def test_production_hashes_passwords_with_pbkdf2():
    """The suite hashes with MD5 for speed (tests/conftest.py); the portal itself never does."""
    code = "from django.contrib.auth.hashers import get_hasher; print(get_hasher().algorithm)"
    result = _run(GOOD, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "pbkdf2_sha256"
