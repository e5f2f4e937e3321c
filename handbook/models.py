from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    LOGIN_SUCCESS = "login.success", "Login succeeded"
    LOGIN_FAILURE = "login.failure", "Login failed"
    LOCKOUT = "login.lockout", "Login locked out"
    OTP_FAILURE = "otp.failure", "Second-factor code refused"
    OTP_ENROLLED = "otp.enrolled", "Second factor enrolled"
    BACKUP_CODE_USED = "otp.backup_code_used", "Backup code used"
    OTP_RESET = "otp.reset", "Second factor reset"
    REQUEST_SUBMITTED = "request.submitted", "Access request submitted"
    REQUEST_CONFIRMED = "request.confirmed", "Access request e-mail confirmed"
    REQUEST_APPROVED = "request.approved", "Access request approved"
    REQUEST_REJECTED = "request.rejected", "Access request rejected"
    ROLE_CHANGED = "account.role_changed", "Role changed"
    STATE_GRANTED = "account.state_granted", "Correspondent state granted"
    STATE_WITHDRAWN = "account.state_withdrawn", "Correspondent state withdrawn"
    ACCESS_CHANGED = "account.access_changed", "Access expiry changed"
    ACCOUNT_DISABLED = "account.disabled", "Account disabled"
    ACCOUNT_ENABLED = "account.enabled", "Account re-enabled"
    ACCOUNT_EXPIRED = "account.expired", "Account expired"
    ACCOUNT_ANONYMISED = "account.anonymised", "Personal data removed"
    PROFILE_CONFIRMED = "profile.confirmed", "Profile confirmed as current"
    PDF_EXPORTED = "export.pdf", "PDF exported"
    DATA_EXPORTED = "export.data", "Data exported"
    ADMIN_CHANGED = "admin.changed", "Changed in the admin"
    OTP_VERIFIED = "otp.verified", "Second factor passed"
    PASSWORD_RESET_REQUESTED = "password.reset_requested", "Password reset requested"
    PASSWORD_SET = "password.set", "Password set (reset completed or first password)"
    WRITE_REFUSED = "access.refused", "Write refused (403)"
    REQUESTS_DELETED = "request.deleted", "Old access requests deleted"
    TEST_CALL_RECORDED = "contact.test_call", "Test call of a 24/7 number recorded"
    REMINDER_SENT = "currency.reminder", "Currency reminder sent"
    PROBLEM_REPORTED = "currency.reported", "Problem reported by a reader"
    PROBLEM_RESOLVED = "currency.resolved", "Reported problem resolved"
    ROUND_OPENED = "currency.round_opened", "Update round opened"
    ROUND_CLOSED = "currency.round_closed", "Update round closed"
    LEGAL_CHANGED = "legal.changed", "Legal basis changed (instrument, party, declaration)"
    REQUEST_DRAFT_EXPORTED = "export.request_draft", "Request draft exported (content not kept)"


class AuditEntry(models.Model):
    """One thing that happened. Append-only: written by handbook.audit.audit_record only."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=40, choices=AuditAction, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    @property
    def actor_name(self) -> str:
        """The actor's current username: after anonymisation, the anonymised reference."""
        return self.actor.get_username() if self.actor_id else "anonymous"
