from django.urls import path

import countries.urls  # noqa: F401  (registers the iso2 path converter)

from . import views

app_name = "currency"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rounds/", views.rounds, name="rounds"),
    path(
        "<iso2:code>/contacts/<int:pk>/test-calls/",
        views.test_call_add,
        name="test_call_add",
    ),
    path("<iso2:code>/report/", views.report_add, name="report_add"),
    path("<iso2:code>/reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("watching/", views.watching, name="watching"),
    path("<iso2:code>/watch/", views.watch, name="watch"),
]
