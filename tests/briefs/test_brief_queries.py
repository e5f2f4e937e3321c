"""Compare and route pages ask the database the same number of times at any volume; the
comparison reads the contact points that answers name, once for all states, and no other."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ISO_CODES, CountryFactory, contact_for, profile_with

pytestmark = pytest.mark.django_db


def _states(count, *, by, contacts, versions):
    for code in ISO_CODES[:count]:
        country = CountryFactory(code=code)
        for n in range(versions):
            profile_with(country, by=by, legal_basis=f"Statute, revision {n}")
        desks = [contact_for(country, by=by, organisation=f"Desk {n}") for n in range(contacts)]
        if desks:  # the controlled-delivery contact is one of them
            profile_with(country, by=by, cd_contact=desks[-1].pk)


def _captured(client, url):
    client.get(url)  # the session's bookkeeping settles on the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured]


def _compare_url(count):
    return "/compare/?" + "&".join(f"c={c.lower()}" for c in ISO_CODES[:count])


def _route_url(count):
    codes = [c.lower() for c in ISO_CODES[:count]]
    transits = "".join(f"&transit={c}" for c in codes[1:-1])
    return f"/route/?origin={codes[0]}{transits}&destination={codes[-1]}&requesting={codes[0]}"


def test_compare_and_route_queries_do_not_grow_with_states_contacts_or_versions(
    official_client, secretariat
):
    _states(3, by=secretariat, contacts=1, versions=1)
    small = [len(_captured(official_client, url(3))) for url in (_compare_url, _route_url)]
    _states(12, by=secretariat, contacts=5, versions=4)
    large = [len(_captured(official_client, url(12))) for url in (_compare_url, _route_url)]
    assert small == large


def test_compare_reads_contact_points_once_for_all_states(official_client, secretariat):
    _states(3, by=secretariat, contacts=2, versions=1)
    html = official_client.get(_compare_url(3)).content.decode()
    assert "Desk 1" in html and "Desk 0" not in html  # the contact an answer names
    queries = _captured(official_client, _compare_url(3))
    contacts = [sql for sql in queries if 'FROM "countries_contact"' in sql]
    assert len(contacts) == 1 and '"countries_contact"."id" IN' in contacts[0]
