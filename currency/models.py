from django.conf import settings
from django.db import models
from django.utils import timezone

from countries.models import Contact


class ContactTestCall(models.Model):
    """One test call of a 24/7 number: when, by whom, whether someone answered, and a note.

    Written by currency.services.contact_test_call_record only, which keeps
    Contact.last_test_call (the latest call that reached someone) and
    Contact.last_test_call_failed_on in step."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="test_calls")
    called_on = models.DateField("date of the call")
    reached = models.BooleanField("reached someone")
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-called_on", "-pk"]

    def __str__(self) -> str:
        outcome = "reached someone" if self.reached else "no answer"
        return f"Test call on {self.called_on:%Y-%m-%d}: {outcome}"


class ReminderKind(models.TextChoices):
    STALE_60 = "stale_60", "Entry goes stale in 60 days"
    STALE_30 = "stale_30", "Entry goes stale in 30 days"
    STALE_7 = "stale_7", "Entry goes stale in 7 days"
    STALE = "stale", "Entry has gone stale"
    TEST_CALL = "test_call", "24/7 number due for a test call"


class Reminder(models.Model):
    """A reminder sent, kept so that the daily job sends each one once.

    `due_on` is the date it is about: the day the entry goes stale, or the day the 24/7 number's
    last good test call turned five months old. A new confirmation or a new test call moves that
    date, so the next cycle's reminders are new rows."""

    kind = models.CharField(max_length=20, choices=ReminderKind)
    country = models.ForeignKey(
        "countries.Country", on_delete=models.CASCADE, related_name="reminders"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "country", "due_on"],
                condition=models.Q(contact__isnull=True),
                name="currency_reminder_once_per_state",
            ),
            models.UniqueConstraint(
                fields=["kind", "contact", "due_on"],
                condition=models.Q(contact__isnull=False),
                name="currency_reminder_once_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.country_id}, {self.due_on:%Y-%m-%d}"
