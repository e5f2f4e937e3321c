from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import MEMBERSHIPS, Country


def country_list(request: HttpRequest) -> HttpResponse:
    membership = request.GET.get("membership")
    countries = sorted(Country.objects.with_membership(membership), key=lambda c: c.name)
    context = {
        "countries": countries,
        "membership": membership if membership in MEMBERSHIPS else "",
        "memberships": [(key, label) for key, (_, label) in MEMBERSHIPS.items()],
    }
    return render(request, "countries/list.html", context)


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    return render(request, "countries/detail.html", {"country": country})
