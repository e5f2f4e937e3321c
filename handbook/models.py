from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN_SUCCESS = "login.success", _("Login succeeded")
    LOGIN_FAILURE = "login.failure", _("Login failed")
    LOCKOUT = "login.lockout", _("Login locked out")
    OTP_FAILURE = "otp.failure", _("Second-factor code refused")
    OTP_ENROLLED = "otp.enrolled", _("Second factor enrolled")
    BACKUP_CODE_USED = "otp.backup_code_used", _("Backup code used")
    OTP_RESET = "otp.reset", _("Second factor reset")
    REQUEST_SUBMITTED = "request.submitted", _("Access request submitted")
    REQUEST_CONFIRMED = "request.confirmed", _("Access request e-mail confirmed")
    REQUEST_APPROVED = "request.approved", _("Access request approved")
    REQUEST_REJECTED = "request.rejected", _("Access request rejected")
    ROLE_CHANGED = "account.role_changed", _("Role changed")
    STATE_GRANTED = "account.state_granted", _("Correspondent state granted")
    STATE_WITHDRAWN = "account.state_withdrawn", _("Correspondent state withdrawn")
    ACCESS_CHANGED = "account.access_changed", _("Access expiry changed")
    ACCOUNT_DISABLED = "account.disabled", _("Account disabled")
    ACCOUNT_ENABLED = "account.enabled", _("Account re-enabled")
    ACCOUNT_EXPIRED = "account.expired", _("Account expired")
    ACCOUNT_ANONYMISED = "account.anonymised", _("Personal data removed")
    PROFILE_CONFIRMED = "profile.confirmed", _("Profile confirmed as current")
    PDF_EXPORTED = "export.pdf", _("PDF exported")
    DATA_EXPORTED = "export.data", _("Data exported")
    ADMIN_CHANGED = "admin.changed", _("Changed in the admin")
    OTP_VERIFIED = "otp.verified", _("Second factor passed")
    PASSWORD_RESET_REQUESTED = "password.reset_requested", _("Password reset requested")
    PASSWORD_SET = "password.set", _("Password set (reset completed or first password)")
    WRITE_REFUSED = "access.refused", _("Write refused (403)")
    REQUESTS_DELETED = "request.deleted", _("Old access requests deleted")
    TEST_CALL_RECORDED = "contact.test_call", _("Test call of a 24/7 number recorded")
    REMINDER_SENT = "currency.reminder", _("Currency reminder sent")
    PROBLEM_REPORTED = "currency.reported", _("Problem reported by a reader")
    PROBLEM_RESOLVED = "currency.resolved", _("Reported problem resolved")
    ROUND_OPENED = "currency.round_opened", _("Update round opened")
    ROUND_CLOSED = "currency.round_closed", _("Update round closed")
    LEGAL_CHANGED = "legal.changed", _("Legal basis changed (instrument, party, declaration)")
    REQUEST_DRAFT_EXPORTED = "export.request_draft", _("Request draft exported (content not kept)")


class AuditEntry(models.Model):
    """One thing that happened. Append-only: written by handbook.audit.audit_record only."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40, choices=AuditAction, db_index=True)
    target_type = models.CharField(_("kind of object"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    @property
    def actor_name(self) -> str:
        """The actor's current username: after anonymisation, the anonymised reference."""
        return self.actor.get_username() if self.actor_id else gettext("anonymous")
