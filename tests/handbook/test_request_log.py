"""JSON logs: one line per request with its id, status, duration and user id, and errors carrying
the same id; never a name, an e-mail, the path's token, a query or an exception's message."""

import json
import logging

import pytest
from django.test import Client

from handbook.logs import JsonFormatter
from tests.conftest import verified_login
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def _lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def test_each_request_is_one_json_line_with_id_status_duration_and_user_id(caplog, official):
    caplog.set_level(logging.INFO, logger="handbook.request")
    CountryFactory(code="FR")
    client = verified_login(Client(), official)
    response = client.get("/countries/fr/?q=heroin+shipment")
    assert response.status_code == 200
    [line] = [entry for entry in _lines(caplog) if entry["logger"] == "handbook.request"]
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["method"] == "GET" and line["status"] == 200
    assert line["route"] == "countries/<iso2:code>/" and line["view"] == "countries:detail"
    assert line["user_id"] == official.pk and line["duration_ms"] > 0
    text = json.dumps(line)
    for leak in [official.username, official.email, official.get_full_name(), "heroin", "/fr/"]:
        assert leak not in text


def test_the_proxys_request_id_is_kept_and_a_malformed_one_replaced(caplog, client):
    caplog.set_level(logging.INFO, logger="handbook.request")
    kept = client.get("/healthz", headers={"X-Request-ID": "0f3c9a7e5b1d4c2a8e6f0a1b2c3d4e5f"})
    replaced = client.get("/healthz", headers={"X-Request-ID": 'x" injected\nline'})
    assert kept["X-Request-ID"] == "0f3c9a7e5b1d4c2a8e6f0a1b2c3d4e5f"
    assert "injected" not in replaced["X-Request-ID"]
    ids = [entry["request_id"] for entry in _lines(caplog)]
    assert ids == [kept["X-Request-ID"], replaced["X-Request-ID"]]
    assert all(entry["user_id"] is None for entry in _lines(caplog))


def test_an_error_is_logged_with_its_request_id_type_and_stack_but_no_message(
    caplog, settings, official
):
    caplog.set_level(logging.INFO, logger="handbook.request")
    settings.ROOT_URLCONF = "tests.handbook.test_errors"
    client = verified_login(Client(raise_request_exception=False), official)
    response = client.get("/boom/?token=abc123secret")
    assert response.status_code == 500
    lines = _lines(caplog)
    [error] = [entry for entry in lines if entry["level"] == "ERROR"]
    assert error["logger"] == "django.request" and error["status"] == 500
    assert error["request_id"] == response["X-Request-ID"]
    assert error["error"] == "RuntimeError"
    assert any("test_errors.py" in frame and "_boom" in frame for frame in error["stack"])
    text = json.dumps(lines)
    for leak in ["s3cr3t", "SELECT", "/boom/", "abc123secret", official.username]:
        assert leak not in text
