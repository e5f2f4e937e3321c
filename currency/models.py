from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from countries import schema
from countries.models import Contact


class ContactTestCall(models.Model):
    """One test call of a 24/7 number: when, by whom, whether someone answered, and a note.

    Written by currency.services.contact_test_call_record only, which keeps
    Contact.last_test_call (the latest call that reached someone) and
    Contact.last_test_call_failed_on in step. The log is the only way a test call is recorded;
    dates typed into the contact form before the log existed were moved into it as calls
    marked `migrated` (currency/migrations/0005)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="test_calls")
    called_on = models.DateField(_("date of the call"))
    reached = models.BooleanField(_("reached someone"))
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    migrated = models.BooleanField(
        _("recorded before the test-call log"), default=False, editable=False
    )

    class Meta:
        ordering = ["-called_on", "-pk"]

    def __str__(self) -> str:
        outcome = "reached someone" if self.reached else "no answer"
        return f"Test call on {self.called_on:%Y-%m-%d}: {outcome}"


class ReminderKind(models.TextChoices):
    STALE_60 = "stale_60", _("Entry goes stale in 60 days")
    STALE_30 = "stale_30", _("Entry goes stale in 30 days")
    STALE_7 = "stale_7", _("Entry goes stale in 7 days")
    STALE = "stale", _("Entry has gone stale")
    TEST_CALL = "test_call", _("24/7 number due for a test call")
    ROUND_OPEN = "round_open", _("Update round opened")
    ROUND_7 = "round_7", _("Update round ends in 7 days")
    ROUND_OVERDUE = "round_overdue", _("Update round deadline passed")


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


class ProblemKind(models.TextChoices):
    OUTDATED = "outdated", _("Outdated")
    WRONG = "wrong", _("Wrong")
    NO_ANSWER = "no_answer", _("The number does not answer")


class ProblemReport(models.Model):
    """A reader says an answer, a contact point or a state's standing under an instrument is
    outdated or wrong.

    Open until a correspondent (the secretariat, for an instrument) resolves it, by a new
    version of the entry or by an answer. Written by currency.services only."""

    country = models.ForeignKey(
        "countries.Country", on_delete=models.CASCADE, related_name="problem_reports"
    )
    question = models.CharField(max_length=100, blank=True)  # a schema question key
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="problem_reports"
    )
    # Or a state's standing under an instrument (legal.Party), kept by the secretariat.
    instrument = models.ForeignKey(
        "legal.Instrument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problem_reports",
    )
    kind = models.CharField(max_length=20, choices=ProblemKind)
    comment = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    version_reported = models.PositiveIntegerField(default=0)  # of the profile or contact
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_version = models.PositiveIntegerField(null=True, blank=True)
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return f"Report {self.pk} on {self.country_id}: {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def subject(self) -> str:
        """What the report is about, as readers see it."""
        if self.question:
            question = schema.QUESTIONS.get(self.question)
            return question.label if question else self.question
        if self.contact is not None:
            return gettext("Contact point: %(contact)s") % {"contact": self.contact}
        if self.instrument is not None:
            return gettext("Instrument: %(instrument)s") % {"instrument": self.instrument}
        return gettext("A contact point since removed")


class UpdateRound(models.Model):
    """A review the secretariat opens (e.g. the annual one): every state's correspondents confirm
    or update their entry by the deadline. A state is done once its profile is confirmed or
    changed after the round opened. One round is open at a time."""

    title = models.CharField(max_length=200)
    deadline = models.DateField()
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} (deadline {self.deadline:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def done(self, profile) -> bool:
        """Whether a state with this profile (or None) has answered the round."""
        if profile is None:
            return False
        return any(
            moment is not None and moment >= self.opened_at
            for moment in (profile.confirmed_at, profile.updated_at)
        )


class Watch(models.Model):
    """An official follows a state: a daily digest lists what changed in its entry, and its page
    shows what changed since the last digest. Starting or stopping is the only write."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    country = models.ForeignKey(
        "countries.Country", on_delete=models.CASCADE, related_name="watches"
    )
    since = models.DateTimeField(_("watched since"), default=timezone.now)

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="currency_watch_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.country_id}"


class Digest(models.Model):
    """A digest e-mail sent to a watcher: at most one a day, and only when something changed.

    The latest one's `sent_at` is where the next digest, and the watched pages, start from.
    Reading a page never writes here (no visit log); only the daily job does."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    states = models.PositiveIntegerField(default=0)  # how many watched states it listed

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="currency_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Digest to {self.user_id} on {self.sent_on:%Y-%m-%d}"
