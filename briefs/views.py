"""What officials come for: search, side-by-side comparison, the route brief, and their PDFs."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from countries import schema
from countries.models import MEMBERSHIPS, Contact, Country, state_name
from handbook.fragments import content_key
from handbook.pdf import attachment, marking_for, pdf_response, private_pdf

from .compare import (
    MAX_STATES,
    PDF_COLUMNS,
    PRINT_COLUMNS,
    build_matrix,
    column_groups,
    named_contacts,
)
from .drafts import DraftForm, build_draft, draft_docx, draft_targets
from .routes import RouteBrief, roles_for
from .search import ANSWER_FILTERS, filter_groups, quick_filters, search
from .services import DRAFT_FORMATS, request_draft_exported

CODE = re.compile(r"^[a-z]{2}$")


def _codes(raw: list[str]) -> list[str]:
    """Codes as typed, lower case; Django caps a query string at 1000 fields."""
    return [c.strip().lower() for c in raw if c.strip()]


def find_countries(
    codes: list[str], rows: QuerySet[Country]
) -> tuple[dict[str, Country], list[str]]:
    """The countries of `rows` named by `codes` (lower case), by code; and the codes that name
    no country, upper case."""
    chosen = rows.filter(code__in=[c.upper() for c in codes if CODE.match(c)])
    found = {c.code.code.lower(): c for c in chosen}
    unknown = list(dict.fromkeys(c.upper() for c in codes if c not in found))
    return found, unknown


def load_countries(
    codes: list[str], *, contacts: Callable[[list[Country]], QuerySet[Contact]]
) -> tuple[dict[str, Country], list[str]]:
    """`find_countries`, each with its profile and the contact points the page shows
    (`contacts` of the countries found)."""
    found, unknown = find_countries(codes, Country.objects.select_related("profile"))
    countries = list(found.values())
    prefetch_related_objects(countries, Prefetch("contacts", queryset=contacts(countries)))
    return found, unknown


@dataclass(frozen=True)
class Choice:
    """A state as a picker offers it: computed once per page, not once per picker and option."""

    code: str
    slug: str
    name: str
    group: str = ""


# The compare picker groups states by membership, each state in its first group.
PICKER_GROUPS = (
    _("Council of Europe members"),
    _("Other OSCE participating States"),
    _("Other participating states"),
)


def picker_groups(choices: list[Choice]) -> list[tuple[str, list[Choice]]]:
    return [(label, [c for c in choices if c.group == label]) for label in PICKER_GROUPS]


def country_options(choices: list[Choice], selected: str) -> SafeString:
    """The <option>s of a state picker, `selected` chosen: built in Python, since the route
    page has six pickers of every state and the template spent a third of the page on them."""
    return format_html(
        '<option value="">—</option>{}',
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (c.slug, mark_safe(" selected") if c.slug == selected else "", c.name)  # noqa: S308
                for c in choices
            ),
        ),
    )


def picker_rows() -> list[tuple[str, bool, bool]]:
    return list(Country.objects.values_list("code", "coe_member", "osce_participant"))


def all_countries(rows: list[tuple[str, bool, bool]] | None = None) -> list[Choice]:
    rows = picker_rows() if rows is None else rows
    return sorted(
        (
            Choice(
                code,
                code.lower(),
                state_name(code),
                PICKER_GROUPS[0 if coe else 1 if osce else 2],
            )
            for code, coe, osce in rows
        ),
        key=lambda c: c.name,
    )


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    membership = request.GET.get("membership") or None
    answers = [ANSWER_FILTERS[t] for t in request.GET.getlist("answer") if t in ANSWER_FILTERS]
    searched = bool(query or answers or membership in MEMBERSHIPS)
    found = search(query, membership=membership, answers=answers, page=request.GET.get("page"))
    membership = membership if membership in MEMBERSHIPS else ""
    active_tokens = [a.token for a in answers]
    context = {
        "query": query,
        "membership": membership,
        "memberships": [(key, label) for key, (_, label) in MEMBERSHIPS.items()],
        "answers": answers,
        "active_tokens": active_tokens,
        # The filters depend only on the schema and these: built when their part is not cached.
        "filters_key": content_key(membership=membership, tokens=active_tokens),
        "quick_filters": quick_filters,
        "filter_groups": filter_groups,
        # The search is worked out, its snippets made, only when its part is not cached.
        "results_key": content_key(found=found.key, query=request.GET.urlencode()),
        "results": SimpleLazyObject(lambda: found.results),
        "page": SimpleLazyObject(lambda: found.page),
        "suggestion": SimpleLazyObject(lambda: found.suggestion),
        "page_query": _without_page(request),
        "searched": searched,
    }
    return render(request, "briefs/search.html", context)


def _without_page(request: HttpRequest) -> str:
    """The query string of this search without its page number, for the page links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _compare_context(request: HttpRequest) -> dict:
    codes = list(dict.fromkeys(_codes(request.GET.getlist("c"))))  # each state once
    problems = []
    if len(codes) > MAX_STATES:
        problems.append(
            gettext(
                "A comparison holds at most %(max)s states; you chose %(chosen)s. "
                "Remove some and compare again."
            )
            % {"max": MAX_STATES, "chosen": len(codes)}
        )
        codes = []
    found, unknown = load_countries(codes, contacts=named_contacts)
    countries = [found[c] for c in codes if c in found]
    chosen = [s for s in schema.SECTIONS if s.key in request.GET.getlist("section")]
    sections = chosen or list(schema.SECTIONS)
    compared = len(countries) >= 2
    # The table and the picker are built and rendered only when their parts are not cached.
    matrix = SimpleLazyObject(lambda: build_matrix(countries, sections)) if compared else []
    rows = picker_rows()
    chosen_codes = [c.code.code for c in countries]
    return {
        "countries": countries,
        "compared": compared,
        "matrix_key": content_key(
            *countries,
            *(c.profile_or_none for c in countries),
            *(contact for c in countries for contact in c.contacts.all()),
            sections=[s.key for s in sections],
            query=request.GET.urlencode(),
            stale=[c.pk for c in countries if c.profile_or_none and c.profile.is_stale],
        ),
        "picker_key": content_key(rows=rows, chosen=chosen_codes),
        "unknown": unknown[:MAX_STATES],
        "problems": problems,
        "max_states": MAX_STATES,
        "sections": sections,
        "chosen_sections": [s.key for s in sections],
        "all_sections": schema.SECTIONS,
        "only_differences": request.GET.get("only") == "differences",
        "matrix": matrix,
        "print_groups": SimpleLazyObject(lambda: column_groups(countries, matrix, PRINT_COLUMNS))
        if compared
        else [],
        "choice_groups": SimpleLazyObject(lambda: picker_groups(all_countries(rows))),
        "chosen_codes": chosen_codes,
        "query_string": request.GET.urlencode(),
    }


def compare(request: HttpRequest) -> HttpResponse:
    context = _compare_context(request)
    return render(
        request, "briefs/compare.html", context, status=400 if context["problems"] else 200
    )


def compare_pdf(request: HttpRequest) -> HttpResponse:
    context = _compare_context(request)
    if not context["matrix"]:
        return render(request, "briefs/compare.html", context, status=400)
    codes = "-".join(c.lower() for c in context["chosen_codes"])
    context["pdf_groups"] = column_groups(context["countries"], context["matrix"], PDF_COLUMNS)
    context["pdf_columns"] = PDF_COLUMNS
    return pdf_response(
        request,
        template="pdf/compare.html",
        context=context,
        filename=f"handbook-compare-{codes}.pdf",
        what=f"comparison {codes}",
    )


def _requesting_code(request: HttpRequest) -> tuple[str, bool]:
    """The state the requests come from, and whether the official chose it in the form (else
    it is their own state, which need not be a participating one)."""
    if "requesting" in request.GET:
        return request.GET["requesting"].strip().lower(), True
    state = getattr(request.user, "state", None)
    return (state.code.lower() if state else ""), False


def _route_context(request: HttpRequest) -> dict:
    origin = request.GET.get("origin", "").strip().lower()
    destination = request.GET.get("destination", "").strip().lower()
    transits = _codes(request.GET.getlist("transit"))
    codes = [c for c in (origin, *transits, destination) if c]
    requesting, chosen = _requesting_code(request)
    found, unknown = find_countries(
        [*codes, requesting] if requesting else codes, Country.objects.digested("contacts")
    )
    countries = [found[c] for c in codes if c in found]
    if not chosen and requesting not in codes:
        unknown = [code for code in unknown if code != requesting.upper()]
    problems = [gettext("Unknown state code: %(code)s") % {"code": code} for code in unknown]
    if len(set(codes)) != len(codes):
        problems.append(gettext("A state appears twice on the route."))
    ready = len(countries) >= 2 and origin and destination
    if request.GET and not ready:
        problems.append(gettext("Choose at least an origin and a destination."))
    asking = found.get(requesting)
    brief = RouteBrief(countries, requesting=asking) if ready and not problems else None
    rows = picker_rows()
    # The brief and the pickers are built and rendered only when their parts are not cached.
    choices = SimpleLazyObject(lambda: all_countries(rows))
    return {
        "brief": brief,
        "brief_key": brief.key(
            query=request.GET.urlencode(),
            today=timezone.localdate(),  # for the test calls overdue
            secretariat=settings.SECRETARIAT_CONTACT,
        )
        if brief
        else "",
        "minute": f"{timezone.now():%Y-%m-%d %H:%M}",  # the call sheet's clocks
        "problems": problems,
        "picker_key": content_key(rows=rows, chosen=[origin, transits, destination, requesting]),
        "origin_options": partial(country_options, choices, origin),
        "transit_options": [partial(country_options, choices, t) for t in [*transits, ""]],
        "destination_options": partial(country_options, choices, destination),
        "requesting_options": partial(country_options, choices, requesting),
        "requesting": requesting,
        "secretariat_contact": settings.SECRETARIAT_CONTACT,
        "query_string": request.GET.urlencode(),
        "route_codes": [c.code.code for c in countries],
        "roles": roles_for(len(countries)) if len(countries) >= 2 else [],
    }


def route(request: HttpRequest) -> HttpResponse:
    context = _route_context(request)
    brief = context["brief"]
    context["drafts"] = SimpleLazyObject(lambda: draft_targets(brief)) if brief else []
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


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@sensitive_post_parameters()  # the case facts never reach an error report
@never_cache
@require_http_methods(["GET", "POST"])
def request_draft(request: HttpRequest, code: str) -> HttpResponse:
    """The request to one state on the route: pre-filled from the handbook, completed with the
    case facts typed here, exported as DOCX or PDF. The facts live only in this request: they
    are posted back to redisplay the form and never stored, logged or cached."""
    context = _route_context(request)
    brief = context["brief"]
    drafts = draft_targets(brief) if brief is not None else []
    target = next((t for t in drafts if t.country.slug == code.lower()), None)
    if target is None:
        problems = context["problems"] or [
            gettext(
                "No request to draft to %(code)s on this route: choose one of the states it "
                "crosses, other than the requesting state."
            )
            % {"code": code.upper()}
        ]
        page = {**context, "problems": problems, "drafts": drafts}
        return render(request, "briefs/request_draft.html", page, status=400)
    draft = build_draft(brief, target)
    form = DraftForm(request.POST or None, draft=draft)
    fmt = request.POST.get("export", "")
    if request.method == "POST" and fmt in DRAFT_FORMATS and form.is_valid():
        return _export(request, draft=draft, form=form, fmt=fmt)
    page = {**context, "draft": draft, "drafts": drafts, "form": form}
    return render(request, "briefs/request_draft.html", page)


def _export(request: HttpRequest, *, draft, form: DraftForm, fmt: str) -> HttpResponse:
    marking = marking_for(request.user)
    facts, reference = form.facts(), form.cleaned_data["reference"]
    if fmt == "docx":
        content = draft_docx(draft, reference=reference, facts=facts, marking=marking)
        response = attachment(content, content_type=DOCX, filename=f"{draft.filename}.docx")
    else:
        context = {"draft": draft, "facts": facts, "reference": reference}
        with translation.override(draft.language):
            content = private_pdf("pdf/request_draft.html", context, marking)
        response = attachment(
            content, content_type="application/pdf", filename=f"{draft.filename}.pdf"
        )
    request_draft_exported(
        actor=request.user,
        request=request,
        country=draft.country.code.code,
        route=[stop.country.code.code for stop in draft.route],
        fmt=fmt,
    )
    return response
