from django.contrib import admin

from handbook.admin import AuditedAdminMixin

from .models import Country


@admin.register(Country)
class CountryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Memberships and new participating states; each add and change is audited. A state is
    never deleted here: its profile, contacts and history hang on it."""

    list_display = [
        "code",
        "name",
        "coe_member",
        "pompidou_member",
        "osce_participant",
        "eu_member",
        "schengen_member",
    ]
    list_filter = [
        "coe_member",
        "pompidou_member",
        "osce_participant",
        "eu_member",
        "schengen_member",
    ]
    search_fields = ["code"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
