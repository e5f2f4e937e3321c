from django.urls import path, register_converter

from . import views


class Iso2Converter:
    regex = "[a-z]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value.lower()


register_converter(Iso2Converter, "iso2")

app_name = "countries"

urlpatterns = [
    path("", views.country_list, name="list"),
    path("<iso2:code>/", views.country_detail, name="detail"),
    path("<iso2:code>/pdf", views.country_pdf, name="pdf"),
    path("<iso2:code>/edit/<slug:section>/", views.profile_edit, name="edit"),
    path("<iso2:code>/confirm/", views.profile_confirm, name="confirm"),
    path("<iso2:code>/contacts/add/", views.contact_add, name="contact_add"),
    path("<iso2:code>/contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<iso2:code>/contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("<iso2:code>/correspondents/", views.correspondents, name="correspondents"),
    path("<iso2:code>/history/", views.history, name="history"),
    path("<iso2:code>/history/diff/", views.diff, name="diff"),
    path("<iso2:code>/history/<int:history_id>/revert/", views.revert, name="revert"),
]
