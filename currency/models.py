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
