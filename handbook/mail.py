"""The one way the portal sends e-mail: each recipient gets their own message, in their
language, after the transaction commits. Messages carry links and decisions only, never
restricted content (docs/security.md)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext


@dataclass(frozen=True)
class Recipient:
    address: str
    language: str = ""  # a code of settings.LANGUAGES; empty: the site's default

    @classmethod
    def of(cls, person) -> "Recipient":
        """A user or an access request: anything with `email` and `language`."""
        return cls(person.email, getattr(person, "language", "") or "")


def mail_send(recipients, *, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` for each recipient in their
    language and send it on commit (at once outside a transaction)."""
    messages = []
    for recipient in recipients:
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}.txt", context)
            subject = gettext("%(site)s: %(subject)s") % {
                "site": gettext("Controlled Delivery Handbook"),
                "subject": subject,
            }
        messages.append((subject, body, recipient.address))

    def send() -> None:
        for subject, body, address in messages:
            send_mail(subject, body, None, [address])

    transaction.on_commit(send)
