from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from handbook.admin import ReadOnlyAdminMixin, portal_link

from .models import User


@admin.register(User)
class UserAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: role, e-mail, states, end of access, disabling and second-factor resets are
    changed on the portal's account page, where each is audited and ends the sessions."""

    list_display = ["username", "role", "state", "access_expires", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email", "organisation"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["manage_in_portal", "last_login", "date_joined"]

    @admin.display(description=_("Change"))
    def manage_in_portal(self, obj) -> str:
        return portal_link(obj)


# Roles are a field on the user, not groups: keep one source of truth in the admin too.
admin.site.unregister(Group)
