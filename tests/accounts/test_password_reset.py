"""Finding 11 (second part) and 12: password reset is rate limited per address and per client,
answers the same either way, and its request and completion are in the audit log."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from handbook.models import AuditAction, AuditEntry
from tests.accounts.mailing import mail_sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RESET = reverse("accounts:password_reset")


def page_text(response) -> bytes:
    """The page without its CSRF token, which differs for every visitor (the language switcher's
    form is on every page)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


def ask(address, client_address="192.0.2.1"):
    with mail_sent():
        return Client(REMOTE_ADDR=client_address).post(RESET, {"email": address}, follow=True)


def test_reset_links_are_limited_per_address(settings):
    settings.PASSWORD_RESETS_PER_HOUR_PER_ADDRESS = 2
    person = UserFactory()
    answers = [page_text(ask(person.email, f"192.0.2.{n}")) for n in range(1, 5)]
    assert len(mail.outbox) == 2
    assert len(set(answers)) == 1  # the same page every time


def test_reset_links_are_limited_per_client(settings):
    settings.PASSWORD_RESETS_PER_HOUR_PER_CLIENT = 2
    people = [UserFactory() for _ in range(4)]
    for person in people:
        ask(person.email, "198.51.100.9")
    assert len(mail.outbox) == 2
    ask(people[3].email, "192.0.2.200")
    assert len(mail.outbox) == 3


def test_the_answer_is_the_same_for_an_unknown_address_and_when_limited(settings):
    settings.PASSWORD_RESETS_PER_HOUR_PER_ADDRESS = 1
    person = UserFactory()
    ask(person.email)
    limited = ask(person.email, "192.0.2.2")
    unknown = ask("nobody@example.org", "192.0.2.3")
    assert page_text(limited) == page_text(unknown)
    assert limited.redirect_chain == unknown.redirect_chain


def test_reset_requested_and_completed_are_audited(client):
    person = UserFactory()
    ask(person.email)
    ask("nobody@example.org")
    requested = AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED)
    assert {(e.target_id, e.detail) for e in requested} == {
        (str(person.pk), ""),
        ("", "address unknown"),
    }
    assert "nobody" not in " ".join(e.detail for e in requested)
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/set-password/" in line)
    form_url = client.get(link[link.index("/accounts/") :].strip())["Location"]
    new = "another long passphrase 2026"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    done = AuditEntry.objects.get(action=AuditAction.PASSWORD_SET)
    assert done.target_id == str(person.pk) and done.actor_id == person.pk
