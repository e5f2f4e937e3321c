"""Update rounds: the secretariat opens a round with a deadline; every state's correspondents
must confirm or update; reminders follow the round; progress per state."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from countries.services import profile_confirm
from currency.models import UpdateRound
from currency.services import currency_reminders_send
from handbook.models import AuditAction, AuditEntry
from tests.browserform import form_with_button
from tests.factories import CountryFactory, profile_with

PATH = "/currency/rounds/"
TODAY = timezone.localdate


@pytest.fixture
def two_states(belgium, secretariat, granted_correspondent):
    """Belgium (kept by the correspondent) and the Netherlands, both confirmed today."""
    netherlands = CountryFactory(code="NL")
    for country in (belgium, netherlands):
        profile_with(country, by=secretariat, legal_basis="x")
        profile_confirm(country=country, by=secretariat)
    return belgium, netherlands


def open_round(client, days: int = 30):
    deadline = (TODAY() + timedelta(days=days)).isoformat()
    return client.post(PATH, {"title": "Annual review 2027", "deadline": deadline})


def test_secretariat_opens_a_round_and_it_is_audited(secretariat_client, secretariat, two_states):
    assert open_round(secretariat_client).status_code == 302
    current = UpdateRound.objects.get()
    assert current.is_open and current.opened_by == secretariat
    assert AuditEntry.objects.filter(action=AuditAction.ROUND_OPENED).count() == 1


def test_a_round_without_a_deadline_gets_a_clear_message_and_keeps_the_title(
    secretariat_client, two_states
):
    response = secretariat_client.post(PATH, {"title": "Spring check", "deadline": ""})
    html = response.content.decode()
    assert "There is a problem" in html and "Give the round a deadline." in html
    assert form_with_button(html, "Open the round").post_data()["title"] == ["Spring check"]
    assert not UpdateRound.objects.exists()


def test_a_deadline_in_the_past_is_refused(secretariat_client, two_states):
    response = open_round(secretariat_client, days=0)
    assert "The deadline must be after today." in response.content.decode()
    assert not UpdateRound.objects.exists()


@pytest.mark.parametrize("client_name", ["official_client", "correspondent_client"])
def test_only_the_secretariat_opens_rounds(request, two_states, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(PATH).status_code == 403
    assert open_round(client).status_code == 403
    assert not UpdateRound.objects.exists()


def test_progress_counts_a_state_done_once_confirmed_after_the_round_opened(
    secretariat_client, secretariat, two_states
):
    belgium, _ = two_states
    open_round(secretariat_client)
    html = secretariat_client.get(PATH).content.decode()
    assert "0 of 2 states" in html
    profile_confirm(country=belgium, by=secretariat)
    html = secretariat_client.get(PATH).content.decode()
    assert "1 of 2 states" in html
    dashboard = secretariat_client.get("/currency/").context["rows"]
    assert {r.country.code.code: r.round_done for r in dashboard} == {"BE": True, "NL": False}


def test_reminders_follow_the_round_once_each(
    secretariat_client, secretariat, two_states, django_capture_on_commit_callbacks
):
    belgium, _ = two_states
    open_round(secretariat_client, days=30)

    def run(days_later: int) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return currency_reminders_send(today=TODAY() + timedelta(days=days_later))

    assert run(0)["round_open"] == 2
    assert run(1)["round_open"] == 0
    profile_confirm(country=belgium, by=secretariat)  # Belgium answers
    assert run(24)["round_7"] == 1
    assert run(25)["round_7"] == 0
    assert run(31)["round_overdue"] == 1
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 4
    assert "7 days left" in subjects[2] and "has passed" in subjects[3]
    assert "/countries/nl/" in mail.outbox[3].body


def test_closing_a_round_stops_its_reminders(
    secretariat_client, two_states, django_capture_on_commit_callbacks
):
    open_round(secretariat_client)
    assert secretariat_client.post(PATH, {"close": "1"}).status_code == 302
    assert not UpdateRound.objects.get().is_open
    with django_capture_on_commit_callbacks(execute=True):
        sent = currency_reminders_send()
    assert sent["round_open"] == 0
    assert AuditEntry.objects.filter(action=AuditAction.ROUND_CLOSED).count() == 1
