from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("compare/", views.compare, name="compare"),
    path("compare/pdf", views.compare_pdf, name="compare_pdf"),
    path("route/", views.route, name="route"),
    path("route/pdf", views.route_pdf, name="route_pdf"),
    path("route/request/<slug:code>/", views.request_draft, name="request_draft"),
]
