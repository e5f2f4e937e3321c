from django.contrib import admin

from .models import Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "coe_member", "pompidou_member", "osce_participant"]
    list_filter = ["coe_member", "pompidou_member", "osce_participant"]
    search_fields = ["code"]
