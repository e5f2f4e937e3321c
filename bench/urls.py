"""The bench's own URL configuration: the portal's, plus one trivial page behind the same gate.

The trivial page is the floor every page is measured against: the gate, the session, the user
and a template extending `base.html`, and nothing else. It exists only while the bench runs.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from handbook.urls import handler403  # noqa: F401
from handbook.urls import urlpatterns as portal_urlpatterns

TRIVIAL = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Bench{% endblock title %}'
    "{% block content %}<p>Bench floor.</p>{% endblock content %}"
)


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TRIVIAL.render({}, request))


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *portal_urlpatterns]
