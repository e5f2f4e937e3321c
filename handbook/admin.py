"""The admin behind the same gate, and never a way around the audit trail.

Every model in the admin is either read-only there (the portal page that changes it is linked)
or audited through handbook.audit.audit_record for every add, change and delete
(docs/security.md, "Admin"). tests/handbook/test_admin.py holds every registered model to it.
"""

import json

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_record
from .models import AuditAction, AuditEntry


class ReadOnlyAdminMixin:
    """Shown, never changed here: nobody adds, changes or deletes through the admin."""

    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _fields_named(message) -> str:
    """The names of the changed fields in an admin change message (never their values)."""
    try:
        parts = json.loads(message) if isinstance(message, str) and message else message or []
    except ValueError:
        return ""
    names = [name for part in parts for name in part.get("changed", {}).get("fields", [])]
    return ", ".join(names)


class AuditedAdminMixin:
    """Every add, change and delete in the admin is written to the audit log as well."""

    def log_addition(self, request, obj, message):
        audit_record(
            action=AuditAction.ADMIN_CHANGED, request=request, target=obj, detail="admin: added"
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        fields = _fields_named(message)
        audit_record(
            action=AuditAction.ADMIN_CHANGED,
            request=request,
            target=obj,
            detail=f"admin: changed {fields}" if fields else "admin: changed",
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_record(
                action=AuditAction.ADMIN_CHANGED,
                request=request,
                target=obj,
                detail="admin: deleted",
            )
        return super().log_deletions(request, queryset)


def portal_link(user) -> str:
    url = reverse("accounts:user_manage", args=[user.pk])
    return format_html('<a href="{}">{}</a>', url, gettext("Manage this account in the portal"))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes an audit entry through the admin."""

    list_display = ["at", "actor", "action", "country", "target_type", "target_id", "ip_address"]
    list_filter = ["action", "country"]
    search_fields = ["actor__username", "detail"]
    date_hierarchy = "at"


# Second factors: only the portal's audited reset removes them (accounts:user_manage).
class DeviceAdminMixin(ReadOnlyAdminMixin):
    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "manage_in_portal"]

    def get_fieldsets(self, request, obj=None):
        return [
            *super().get_fieldsets(request, obj),
            (_("Portal"), {"fields": ["manage_in_portal"]}),
        ]

    @admin.display(description=_("Change"))
    def manage_in_portal(self, obj) -> str:
        return portal_link(obj.user)


class ReadOnlyTOTPDeviceAdmin(DeviceAdminMixin, TOTPDeviceAdmin):
    """django-otp's TOTP admin, read-only, with a link to the person's portal page."""


class ReadOnlyStaticDeviceAdmin(DeviceAdminMixin, StaticDeviceAdmin):
    inlines = []


# Lockout records: read-only; a lock ends by itself after AXES_COOLOFF_TIME.
class ReadOnlyAccessAttemptAdmin(ReadOnlyAdminMixin, AccessAttemptAdmin):
    """django-axes' failed attempts, shown but never changed."""


class ReadOnlyAccessLogAdmin(ReadOnlyAdminMixin, AccessLogAdmin):
    """django-axes' successful logins, shown but never changed."""


class ReadOnlyAccessFailureLogAdmin(ReadOnlyAdminMixin, AccessFailureLogAdmin):
    """django-axes' failure log, shown but never changed."""


for _model, _admin in [
    (TOTPDevice, ReadOnlyTOTPDeviceAdmin),
    (StaticDevice, ReadOnlyStaticDeviceAdmin),
    (AccessAttempt, ReadOnlyAccessAttemptAdmin),
    (AccessLog, ReadOnlyAccessLogAdmin),
    (AccessFailureLog, ReadOnlyAccessFailureLogAdmin),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
