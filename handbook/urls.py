from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import audit_views, views

admin.site.site_header = "Controlled Delivery Handbook — administration"
admin.site.site_title = "Handbook administration"

handler403 = "handbook.views.permission_denied"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="countries:list"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("accounts/", include("accounts.urls")),
    path("countries/", include("countries.urls")),
    path("currency/", include("currency.urls")),
    path("legal/", include("legal.urls")),
    path("", include("briefs.urls")),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/csv", audit_views.audit_csv, name="audit_csv"),
    path("admin/", admin.site.urls),
]
