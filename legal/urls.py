from django.urls import path

import countries.urls  # noqa: F401  (registers the iso2 path converter)

from . import views

app_name = "legal"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("add/", views.instrument_add, name="instrument_add"),
    path("states/<iso2:code>/", views.state_detail, name="state"),
    path("declarations/<int:pk>/edit/", views.declaration_edit, name="declaration_edit"),
    path("declarations/<int:pk>/delete/", views.declaration_delete, name="declaration_delete"),
    path("<slug:code>/", views.instrument_detail, name="instrument"),
    path("<slug:code>/edit/", views.instrument_edit, name="instrument_edit"),
    path("<slug:code>/<iso2:state>/", views.party_detail, name="party"),
    path("<slug:code>/<iso2:state>/edit/", views.party_edit, name="party_edit"),
    path(
        "<slug:code>/<iso2:state>/declarations/add/",
        views.declaration_add,
        name="declaration_add",
    ),
]
