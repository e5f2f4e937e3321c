"""The test-call log: every call of a 24/7 number is recorded with its audit entry; pages show
the latest call that reached someone, and a failed call is flagged at once."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from countries.models import Contact
from currency import services
from currency.models import ContactTestCall
from handbook.models import AuditAction, AuditEntry
from tests.browserform import form_with_button
from tests.factories import CountryFactory, contact_for

TODAY = timezone.localdate


def path(contact) -> str:
    return f"/currency/{contact.country.slug}/contacts/{contact.pk}/test-calls/"


def record(contact, by, *, days_ago: int, reached: bool, note: str = "") -> None:
    services.contact_test_call_record(
        contact=contact,
        called_on=TODAY() - timedelta(days=days_ago),
        reached=reached,
        note=note or "called",
        by=by,
    )
    contact.refresh_from_db()


def test_correspondent_records_a_call_that_reached_someone(
    correspondent_client, granted_correspondent, desk
):
    day = (TODAY() - timedelta(days=1)).isoformat()
    response = correspondent_client.post(
        path(desk), {"called_on": day, "reached": "yes", "note": "Duty officer, English"}
    )
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.last_test_call == date.fromisoformat(day)
    assert desk.last_test_call_failed_on is None
    call = ContactTestCall.objects.get(contact=desk)
    assert (call.reached, call.by, call.note) == (
        True,
        granted_correspondent,
        "Duty officer, English",
    )
    entry = AuditEntry.objects.get(action=AuditAction.TEST_CALL_RECORDED)
    assert (entry.actor, entry.country, entry.target_id) == (
        granted_correspondent,
        "BE",
        str(desk.pk),
    )
    assert desk.history.count() == 1  # logged, not a new version of the contact


def test_a_failed_call_is_flagged_to_readers_at_once(official_client, secretariat, desk):
    record(desk, secretariat, days_ago=30, reached=True)
    record(desk, secretariat, days_ago=2, reached=False, note="rang out")
    assert desk.last_test_call == TODAY() - timedelta(days=30)  # the latest that reached someone
    failed = (TODAY() - timedelta(days=2)).strftime("%-d %b %Y")
    html = official_client.get("/countries/be/").content.decode()
    assert html.count(f"Last test call failed on {failed}") == 2  # call-now block and contact
    call_now = html[html.index('id="call-now"') : html.index('id="legal"')]
    assert "Last test call failed on" in call_now


def test_a_later_successful_call_clears_the_flag(secretariat, desk):
    record(desk, secretariat, days_ago=5, reached=False)
    assert desk.last_test_call_failed_on == TODAY() - timedelta(days=5)
    record(desk, secretariat, days_ago=1, reached=True)
    assert desk.last_test_call_failed_on is None
    assert desk.last_test_call == TODAY() - timedelta(days=1)


def test_an_older_call_logged_late_changes_neither_date(secretariat, desk):
    record(desk, secretariat, days_ago=3, reached=True)
    record(desk, secretariat, days_ago=10, reached=False)
    record(desk, secretariat, days_ago=20, reached=True)
    assert desk.last_test_call == TODAY() - timedelta(days=3)
    assert desk.last_test_call_failed_on is None
    assert ContactTestCall.objects.filter(contact=desk).count() == 3


def test_a_failed_call_without_a_note_gets_a_clear_message_and_keeps_the_input(
    correspondent_client, granted_correspondent, desk
):
    day = TODAY().isoformat()
    response = correspondent_client.post(path(desk), {"called_on": day, "reached": "no"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Say what happened when nobody answered." in html
    kept = form_with_button(html, "Record the call").post_data()
    assert (kept["called_on"], kept["reached"]) == ([day], ["no"])
    assert not ContactTestCall.objects.exists()


def test_a_call_in_the_future_is_refused(correspondent_client, granted_correspondent, desk):
    day = (TODAY() + timedelta(days=1)).isoformat()
    response = correspondent_client.post(path(desk), {"called_on": day, "reached": "yes"})
    assert "cannot be in the future" in response.content.decode()
    assert not ContactTestCall.objects.exists()


def test_correspondent_cannot_log_a_call_for_an_ungranted_state(
    correspondent_client, granted_correspondent, secretariat
):
    other = contact_for(CountryFactory(code="NL"), by=secretariat)
    day = TODAY().isoformat()
    assert correspondent_client.get(path(other)).status_code == 403
    response = correspondent_client.post(path(other), {"called_on": day, "reached": "yes"})
    assert response.status_code == 403
    assert not ContactTestCall.objects.exists()
    other.refresh_from_db()
    assert other.last_test_call is None


def test_official_cannot_log_a_call(official_client, desk):
    response = official_client.post(path(desk), {"called_on": TODAY().isoformat(), "reached": "no"})
    assert response.status_code == 403
    assert not ContactTestCall.objects.exists()


def test_only_24_7_numbers_have_a_test_call_log(secretariat_client, secretariat, belgium):
    customs = contact_for(belgium, by=secretariat, role="customs", available_24_7=False)
    assert secretariat_client.get(path(customs)).status_code == 404
    with pytest.raises(ValueError):
        services.contact_test_call_record(
            contact=customs, called_on=TODAY(), reached=True, note="", by=secretariat
        )


def test_the_log_page_lists_earlier_calls_and_the_state_page_links_to_it(
    secretariat_client, secretariat, desk
):
    record(desk, secretariat, days_ago=4, reached=False, note="Line busy")
    html = secretariat_client.get(path(desk)).content.decode()
    assert "Line busy" in html and "Record the call" in html
    detail = secretariat_client.get("/countries/be/").content.decode()
    assert f'href="{path(desk)}"' in detail


def test_dates_typed_before_the_log_become_logged_calls_once(
    secretariat_client, secretariat, belgium, desk
):
    """The data migration turns each contact's typed last test call into a logged call
    "recorded before the test-call log", by "migrated", and a second run adds nothing."""
    typed = TODAY() - timedelta(days=40)
    Contact.objects.filter(pk=desk.pk).update(last_test_call=typed)
    already = contact_for(belgium, by=secretariat, phone="+3222222223")
    record(already, secretariat, days_ago=12, reached=True)
    migration = importlib.import_module(
        "currency.migrations.0005_test_calls_recorded_before_the_log"
    )
    with connection.schema_editor() as editor:
        migration.forwards(apps, editor)
        migration.forwards(apps, editor)
    moved = ContactTestCall.objects.get(contact=desk)
    assert (moved.called_on, moved.reached, moved.by, moved.migrated, moved.note) == (
        typed,
        True,
        None,
        True,
        "recorded before the test-call log",
    )
    assert ContactTestCall.objects.filter(contact=already).count() == 1  # logged already
    page = secretariat_client.get(path(desk)).content.decode()
    assert "<td>migrated</td>" in page and "recorded before the test-call log" in page
