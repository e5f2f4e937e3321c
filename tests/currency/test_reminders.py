"""The daily reminders: correspondents are told 60, 30 and 7 days before their entry goes stale
and when it has, and when a 24/7 number's last good test call is five months old. Each reminder
is sent once; e-mails carry links only."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from guardian.shortcuts import assign_perm

from countries.models import Profile
from currency.models import Reminder, ReminderKind
from currency.services import currency_reminders_send
from handbook.models import AuditAction, AuditEntry
from tests.factories import CorrespondentFactory, profile_with

TODAY = timezone.localdate


@pytest.fixture
def entry(belgium, secretariat, granted_correspondent, desk):
    """Belgium's profile, with a secret answer, confirmed today; its 24/7 number tested today."""
    profile_with(belgium, by=secretariat, legal_basis="Secret statute, art. 7")
    desk.last_test_call = TODAY()
    desk.save()
    return belgium


def confirmed_days_ago(country, days: int) -> None:
    Profile.objects.filter(country=country).update(
        confirmed_at=timezone.now() - timedelta(days=days)
    )


def run(capture, today=None) -> dict:
    with capture(execute=True):
        return currency_reminders_send(today=today)


@pytest.mark.parametrize(
    ("confirmed_ago", "kind", "subject"),
    [
        (365 - 60, ReminderKind.STALE_60, "within 60 days"),
        (365 - 30, ReminderKind.STALE_30, "within 30 days"),
        (365 - 7, ReminderKind.STALE_7, "within 7 days"),
        (366, ReminderKind.STALE, "now marked out of date"),
    ],
)
def test_correspondent_is_told_before_and_when_the_entry_goes_stale(
    entry, granted_correspondent, django_capture_on_commit_callbacks, confirmed_ago, kind, subject
):
    confirmed_days_ago(entry, confirmed_ago)
    sent = run(django_capture_on_commit_callbacks)
    assert sent[kind.value] == 1 and sum(sent.values()) == 1
    assert [m.to for m in mail.outbox] == [[granted_correspondent.email]]
    message = mail.outbox[0]
    assert subject in message.subject and "Belgium" in message.subject
    assert "http://127.0.0.1:8000/countries/be/" in message.body
    assert "Secret statute" not in message.body and "+3222222222" not in message.body
    assert AuditEntry.objects.filter(action=AuditAction.REMINDER_SENT, country="BE").count() == 1


def test_each_reminder_is_sent_once(entry, django_capture_on_commit_callbacks):
    confirmed_days_ago(entry, 365 - 30)
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks, today=TODAY() + timedelta(days=5))  # still in 30
    assert len(mail.outbox) == 1
    run(django_capture_on_commit_callbacks, today=TODAY() + timedelta(days=23))  # 7 days left
    run(django_capture_on_commit_callbacks, today=TODAY() + timedelta(days=24))
    assert [m.subject.split(": ")[1] for m in mail.outbox] == [
        "please confirm the entry of Belgium within 30 days",
        "please confirm the entry of Belgium within 7 days",
    ]
    assert Reminder.objects.count() == 2


def test_a_job_that_missed_days_sends_only_the_tightest_reminder(
    entry, django_capture_on_commit_callbacks
):
    confirmed_days_ago(entry, 365 - 5)
    sent = run(django_capture_on_commit_callbacks)
    assert sent["stale_7"] == 1 and len(mail.outbox) == 1


def test_a_fresh_entry_gets_nothing(entry, django_capture_on_commit_callbacks):
    confirmed_days_ago(entry, 100)
    assert sum(run(django_capture_on_commit_callbacks).values()) == 0
    assert mail.outbox == []


def test_confirming_again_starts_a_new_cycle(entry, django_capture_on_commit_callbacks):
    confirmed_days_ago(entry, 366)
    run(django_capture_on_commit_callbacks)
    confirmed_days_ago(entry, 365 - 7)
    run(django_capture_on_commit_callbacks)
    assert [r.kind for r in Reminder.objects.order_by("pk")] == ["stale", "stale_7"]


def test_a_state_without_correspondent_reminds_the_secretariat(
    belgium, secretariat, django_capture_on_commit_callbacks
):
    profile_with(belgium, by=secretariat, legal_basis="x")
    run(django_capture_on_commit_callbacks)  # never confirmed: stale
    assert [m.to for m in mail.outbox] == [[secretariat.email]]


def test_every_correspondent_gets_their_own_message(
    entry, granted_correspondent, django_capture_on_commit_callbacks
):
    second = CorrespondentFactory()
    assign_perm("countries.change_country", second, entry)
    confirmed_days_ago(entry, 366)
    run(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [granted_correspondent.email, second.email]
    )


def test_a_24_7_number_tested_five_months_ago_triggers_a_test_call_reminder(
    entry, desk, granted_correspondent, django_capture_on_commit_callbacks
):
    confirmed_days_ago(entry, 1)
    desk.last_test_call = TODAY() - timedelta(days=151)
    desk.save()
    assert run(django_capture_on_commit_callbacks)["test_call"] == 0
    desk.last_test_call = TODAY() - timedelta(days=152)
    desk.save()
    assert run(django_capture_on_commit_callbacks)["test_call"] == 1
    assert run(django_capture_on_commit_callbacks)["test_call"] == 0
    (message,) = mail.outbox
    assert "due for a test call" in message.subject
    assert f"/currency/be/contacts/{desk.pk}/test-calls/" in message.body
    assert "+3222222222" not in message.body and "National Police" not in message.body


def test_nothing_is_recorded_as_sent_when_the_write_fails(
    entry, django_capture_on_commit_callbacks, monkeypatch
):
    """The reminder row, its audit entry and the mail go together."""
    confirmed_days_ago(entry, 366)

    def refuse(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("currency.services.audit_record", refuse)
    with pytest.raises(RuntimeError):
        run(django_capture_on_commit_callbacks)
    assert Reminder.objects.count() == 0 and mail.outbox == []


def test_the_command_prints_one_summary_line(entry, django_capture_on_commit_callbacks):
    confirmed_days_ago(entry, 366)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_currency_reminders", stdout=out)
    assert out.getvalue().strip() == (
        "Reminders sent: 0 at 60 days, 0 at 30 days, 0 at 7 days, 1 stale, 0 test calls due; "
        "update round: 0 opened, 0 at 7 days, 0 overdue."
    )
