from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

DEFAULT_ACCESS_PERIOD = timedelta(days=365)


def default_access_expiry() -> date:
    return timezone.localdate() + DEFAULT_ACCESS_PERIOD


class Role(models.TextChoices):
    OFFICIAL = "official", _("Official")
    CORRESPONDENT = "correspondent", _("National correspondent")
    SECRETARIAT = "secretariat", _("Secretariat")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, email, password=None, **fields):
        user = self.model(username=username, email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username, email, password=None, **fields):
        fields["role"] = Role.SECRETARIAT
        return self.create_user(username, email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A vetted person. The role is the one source of truth for what they may do.

    `is_staff` and `is_superuser` are derived from the role, never stored: the secretariat
    runs the admin and may change every country; nobody else may do either.
    """

    username = models.CharField(
        _("username"), max_length=150, unique=True, validators=[UnicodeUsernameValidator()]
    )
    email = models.EmailField(_("official e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    state = CountryField(_("state served"), blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.OFFICIAL)
    access_expires = models.DateField(_("access until"), default=default_access_expiry)
    # The expiry date a reminder was last sent for, so that each reminder goes out once.
    reminded_30_for = models.DateField(null=True, blank=True, editable=False)
    reminded_7_for = models.DateField(null=True, blank=True, editable=False)
    # The expiry date whose passing was written to the audit log, so that it is written once.
    expiry_recorded_for = models.DateField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Part of every session's auth hash: raising it ends all of the person's sessions at once
    # (accounts.sessions.sessions_end_all; docs/security.md, "Sessions").
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # The language they read the portal, their e-mails and their PDFs in; empty until they
    # choose (then the browser's language applies). handbook.middleware.LanguageMiddleware.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret=None) -> str:
        """Django checks this on every request: a new password or epoch ends old sessions."""
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and self.role == Role.SECRETARIAT

    @property
    def is_correspondent(self) -> bool:
        return self.is_active and self.role == Role.CORRESPONDENT

    @property
    def is_staff(self) -> bool:
        return self.is_secretariat

    @property
    def is_superuser(self) -> bool:
        return self.is_secretariat

    @property
    def access_expired(self) -> bool:
        return self.access_expires < timezone.localdate()


class RequestStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
    PENDING = "pending", _("Waiting for the secretariat")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccessRequest(models.Model):
    """Someone asks for access; the secretariat vets them. Personal data: see the README."""

    full_name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    state = CountryField(_("state you work for"))
    function = models.CharField(_("function"), max_length=200)
    email = models.EmailField(_("official e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    role = models.CharField(_("role asked for"), max_length=20, choices=Role)
    reason = models.TextField(_("why you need access"))
    states = models.JSONField(
        _("states you would maintain"),
        default=list,
        blank=True,
        help_text=_("For a national correspondent only."),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.UNCONFIRMED
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_from = models.GenericIPAddressField(_("submitted from"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # The language the applicant used: their e-mails are written in it, and their account
    # starts with it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_requests",
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organisation})"
