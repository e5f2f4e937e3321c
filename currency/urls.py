from django.urls import path

import countries.urls  # noqa: F401  (registers the iso2 path converter)

from . import views

app_name = "currency"

urlpatterns = [
    path(
        "<iso2:code>/contacts/<int:pk>/test-calls/",
        views.test_call_add,
        name="test_call_add",
    ),
]
