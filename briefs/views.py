"""What officials come for: search, side-by-side comparison, the route brief, and their PDFs."""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from countries import schema
from countries.models import MEMBERSHIPS, Country
from handbook.pdf import pdf_response

from .routes import build_matrix, build_route, roles_for
from .search import ANSWER_FILTERS, QUICK_FILTERS, filter_groups, search

CODE = re.compile(r"^[a-z]{2}$")


def load_countries(codes: list[str]) -> tuple[list[Country], list[str]]:
    """The countries named by `codes`, in that order, each with its profile and contacts."""
    wanted = [c.strip().lower() for c in codes if c.strip()]
    found = {
        c.code.code.lower(): c
        for c in Country.objects.filter(code__in=[c.upper() for c in wanted if CODE.match(c)])
        .select_related("profile")
        .prefetch_related("contacts")
    }
    unknown = [c for c in wanted if c not in found]
    return [found[c] for c in wanted if c in found], [c.upper() for c in unknown]


def all_countries() -> list[Country]:
    return sorted(Country.objects.only("code"), key=lambda c: c.name)


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    membership = request.GET.get("membership") or None
    answers = [ANSWER_FILTERS[t] for t in request.GET.getlist("answer") if t in ANSWER_FILTERS]
    searched = bool(query or answers or membership in MEMBERSHIPS)
    context = {
        "query": query,
        "membership": membership if membership in MEMBERSHIPS else "",
        "memberships": [(key, label) for key, (_, label) in MEMBERSHIPS.items()],
        "answers": answers,
        "active_tokens": [a.token for a in answers],
        "quick_filters": QUICK_FILTERS,
        "filter_groups": filter_groups(),
        "results": search(query, membership=membership, answers=answers) if searched else [],
        "searched": searched,
    }
    return render(request, "briefs/search.html", context)


def _compare_context(request: HttpRequest) -> dict:
    countries, unknown = load_countries(request.GET.getlist("c"))
    chosen = [s for s in schema.SECTIONS if s.key in request.GET.getlist("section")]
    sections = chosen or list(schema.SECTIONS)
    return {
        "countries": countries,
        "unknown": unknown,
        "sections": sections,
        "chosen_sections": [s.key for s in sections],
        "all_sections": schema.SECTIONS,
        "only_differences": request.GET.get("only") == "differences",
        "matrix": build_matrix(countries, sections) if len(countries) >= 2 else [],
        "choices": all_countries(),
        "chosen_codes": [c.code.code for c in countries],
        "query_string": request.GET.urlencode(),
    }


def compare(request: HttpRequest) -> HttpResponse:
    return render(request, "briefs/compare.html", _compare_context(request))


def compare_pdf(request: HttpRequest) -> HttpResponse:
    context = _compare_context(request)
    if len(context["countries"]) < 2:
        return render(request, "briefs/compare.html", context, status=400)
    codes = "-".join(c.lower() for c in context["chosen_codes"])
    return pdf_response(
        request,
        template="pdf/compare.html",
        context=context,
        filename=f"handbook-compare-{codes}.pdf",
        what=f"comparison {codes}",
    )


def _route_context(request: HttpRequest) -> dict:
    codes = [
        request.GET.get("origin", ""),
        *request.GET.getlist("transit"),
        request.GET.get("destination", ""),
    ]
    countries, unknown = load_countries(codes)
    problems = [f"Unknown state code: {code}" for code in unknown]
    if len({c.pk for c in countries}) != len(countries):
        problems.append("A state appears twice on the route.")
    ready = len(countries) >= 2 and request.GET.get("origin") and request.GET.get("destination")
    if request.GET and not ready:
        problems.append("Choose at least an origin and a destination.")
    brief = build_route(countries) if ready and not problems else None
    return {
        "brief": brief,
        "problems": problems,
        "choices": all_countries(),
        "origin": request.GET.get("origin", ""),
        "transits": [t for t in request.GET.getlist("transit") if t] + [""],
        "destination": request.GET.get("destination", ""),
        "query_string": request.GET.urlencode(),
        "route_codes": [c.code.code for c in countries],
        "roles": roles_for(len(countries)) if len(countries) >= 2 else [],
    }


def route(request: HttpRequest) -> HttpResponse:
    context = _route_context(request)
    return render(request, "briefs/route.html", context, status=400 if context["problems"] else 200)


def route_pdf(request: HttpRequest) -> HttpResponse:
    context = _route_context(request)
    if context["brief"] is None:
        return render(request, "briefs/route.html", context, status=400)
    codes = "-".join(c.lower() for c in context["route_codes"])
    return pdf_response(
        request,
        template="pdf/route.html",
        context=context,
        filename=f"handbook-route-{codes}.pdf",
        what=f"route brief {codes}",
    )
