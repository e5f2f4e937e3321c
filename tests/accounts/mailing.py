"""E-mails leave when the transaction commits (handbook.mail.mail_send); a test runs inside one
transaction that never commits, so it runs the queued sends itself, as a commit would."""

from django.test import TestCase


def mail_sent():
    """A block after which every e-mail queued in it has been sent (to mail.outbox)."""
    return TestCase.captureOnCommitCallbacks(execute=True)
