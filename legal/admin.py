"""The legal basis in the admin: shown, never changed there. Every change goes through
legal.services (versioned and audited) on the portal page each record links to."""

from django.contrib import admin
from django.utils.html import format_html

from handbook.admin import ReadOnlyAdminMixin

from .models import Declaration, Instrument, Party


class PortalLinkMixin(ReadOnlyAdminMixin):
    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "change_in_portal"]

    @admin.display(description="Change")
    def change_in_portal(self, obj) -> str:
        return format_html('<a href="{}">Change this in the portal</a>', self.portal_url(obj))

    def portal_url(self, obj) -> str:
        return obj.get_absolute_url()


@admin.register(Instrument)
class InstrumentAdmin(PortalLinkMixin, admin.ModelAdmin):
    list_display = ["short_title", "article", "kind", "scope", "order"]


@admin.register(Party)
class PartyAdmin(PortalLinkMixin, admin.ModelAdmin):
    list_display = ["country", "instrument", "status", "since"]
    list_filter = ["instrument", "status"]


@admin.register(Declaration)
class DeclarationAdmin(PortalLinkMixin, admin.ModelAdmin):
    list_display = ["party", "kind", "article"]

    def portal_url(self, obj) -> str:
        return obj.party.get_absolute_url()
