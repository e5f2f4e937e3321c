from django.contrib import admin
from django.contrib.auth.models import Group

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["username", "full_name", "role", "organisation", "state", "access_expires"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email", "organisation"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["last_login", "date_joined"]


# Roles are a field on the user, not groups: keep one source of truth in the admin too.
admin.site.unregister(Group)
