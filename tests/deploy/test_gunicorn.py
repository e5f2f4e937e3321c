"""The gunicorn configuration serves the portal, and a dropped database connection (what a
PostgreSQL restart does to every persistent connection) fails no request afterwards."""

import json

import pytest
from django.db import connection

from .conftest import get, gunicorn

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


APP_NAME = "handbook-gunicorn-test"


def _drop_gunicorns_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            [APP_NAME],
        )
        return cursor.fetchone()[0]


def test_no_request_fails_after_the_database_dropped_its_connections():
    with gunicorn(_database_url(), PGAPPNAME=APP_NAME) as (base, _):
        assert get(f"{base}/readyz") == (200, b"ready")
        assert _drop_gunicorns_connections() == 1  # the worker's persistent connection
        assert get(f"{base}/readyz") == (200, b"ready")
        assert get(f"{base}/readyz") == (200, b"ready")


def test_every_line_is_json_and_the_access_log_has_no_address_path_or_query():
    with gunicorn(_database_url(), DJANGO_REQUEST_LOG="1") as (base, process):
        get(f"{base}/healthz?email=someone@example.org")  # the last request
    output = process.stdout.read()
    lines = [json.loads(line) for line in output.splitlines()]  # each line is JSON
    assert any(line.get("message", "").startswith("Booting worker") for line in lines), output
    access = [line for line in lines if line.get("log") == "gunicorn.access"][-1]
    assert access["status"] == "200" and access["method"] == "GET"
    request = [line for line in lines if line.get("logger") == "handbook.request"][-1]
    assert request["view"] == "healthz" and request["request_id"]
    for leak in ["someone", "/healthz", "127.0.0.1"]:
        assert leak not in json.dumps(access) + json.dumps(request)
