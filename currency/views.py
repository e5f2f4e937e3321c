from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Max, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_secretariat
from countries import schema
from countries.access import (
    can_edit_country,
    can_edit_legal_basis,
    get_country,
    get_country_for_edit,
)
from countries.models import Contact, Country
from legal.models import Instrument, Party

from . import services
from .dashboard import DEFAULT_SORT, Currency, dashboard_rows, dashboard_totals, round_progress
from .forms import CallRecordForm, ReportForm, ResolveForm, RoundForm, WatchForm
from .geo import COLOURS, currency_map_svg
from .models import ProblemReport, UpdateRound
from .watch import watch_since


@require_http_methods(["GET", "POST"])
def test_call_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A correspondent of the state (or the secretariat) logs a test call of a 24/7 number."""
    country = get_country_for_edit(request.user, code)
    contact = get_object_or_404(Contact, pk=pk, country=country)
    if not contact.available_24_7:
        raise Http404
    form = CallRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_test_call_record(
            contact=contact,
            called_on=form.cleaned_data["called_on"],
            reached=form.reached_someone,
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        )
        messages.success(request, gettext("Test call recorded."))
        return redirect(f"{country.get_absolute_url()}#contacts")
    context = {
        "country": country,
        "contact": contact,
        "form": form,
        "calls": contact.test_calls.select_related("by")[:20],
    }
    return render(request, "currency/test_call_form.html", context)


SECTION_OF = {q.key: section.key for section in schema.SECTIONS for q in section.questions}


def _report_subject(request: HttpRequest, country) -> tuple[str, Contact | None, Instrument | None]:
    """The answer (?question=key), contact point (?contact=pk) or the state's standing under an
    instrument (?instrument=code) a report is about, else 404."""
    data = request.POST if request.method == "POST" else request.GET
    question, contact_pk = data.get("question", ""), data.get("contact", "")
    code = data.get("instrument", "")
    if [bool(question), bool(contact_pk), bool(code)].count(True) != 1:
        raise Http404
    if question in schema.QUESTIONS:
        return question, None, None
    if contact_pk.isascii() and contact_pk.isdigit():
        return "", get_object_or_404(Contact, pk=contact_pk, country=country), None
    if code:
        return "", None, get_object_or_404(Instrument, code=code)
    raise Http404


@require_http_methods(["GET", "POST"])
def report_add(request: HttpRequest, code: str) -> HttpResponse:
    """Any reader reports a problem with an answer or a contact point."""
    country = get_country(code)
    question, contact, instrument = _report_subject(request, country)
    form = ReportForm(request.POST or None, on_contact=contact is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_report(
                country=country,
                question=question,
                contact=contact,
                instrument=instrument,
                kind=form.cleaned_data["kind"],
                comment=form.cleaned_data["comment"],
                by=request.user,
                request=request,
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            if instrument is not None:
                messages.success(request, gettext("Thank you: the secretariat is told."))
                return redirect(Party(instrument=instrument, country=country))
            messages.success(
                request,
                gettext("Thank you: the state's correspondents and the secretariat are told."),
            )
            anchor = "contacts" if contact else SECTION_OF[question]
            return redirect(f"{country.get_absolute_url()}#{anchor}")
    context = {
        "country": country,
        "question": schema.QUESTIONS.get(question),
        "contact": contact,
        "instrument": instrument,
        "form": form,
    }
    return render(request, "currency/report_form.html", context)


def _may_resolve(user, report: ProblemReport) -> bool:
    """A state's keepers resolve reports on its profile; the secretariat those on instruments."""
    if report.instrument_id:
        return can_edit_legal_basis(user)
    return can_edit_country(user, report.country)


@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every reader sees a report and how it was resolved; its keepers resolve it here."""
    report = get_object_or_404(
        ProblemReport.objects.select_related("country", "contact", "instrument"), pk=pk
    )
    can_resolve = _may_resolve(request.user, report) and report.is_open
    form = ResolveForm(request.POST or None) if can_resolve else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.problem_resolve(
                    report=report,
                    how=form.cleaned_data["how"],
                    answer=form.cleaned_data["answer"],
                    by=request.user,
                    request=request,
                )
            except services.ReportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, gettext("The report is resolved; the reader is told."))
                return redirect("currency:report_detail", pk=report.pk)
    context = {"report": report, "country": report.country, "form": form}
    return render(request, "currency/report_detail.html", context)


def report_list(request: HttpRequest, code: str) -> HttpResponse:
    """A state's reports, open first."""
    country = get_country(code)
    reports = country.problem_reports.select_related("contact", "instrument").order_by(
        F("resolved_at").desc(nulls_first=True), "-reported_at"
    )
    context = {"country": country, "reports": reports}
    return render(request, "currency/report_list.html", context)


COLUMNS = [
    ("name", _("State")),
    ("changed", _("Last changed")),
    ("confirmed", _("Last confirmed")),
    ("status", _("Currency")),
    ("calls", _("24/7 test calls")),
    ("reports", _("Open reports")),
    ("round", _("Update round")),
]


def dashboard(request: HttpRequest) -> HttpResponse:
    """The secretariat's view of every state's currency, sortable by any column."""
    require_secretariat(request.user)
    rows, sort = dashboard_rows(sort=request.GET.get("sort", DEFAULT_SORT))
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    columns = [
        {
            "key": name,
            "label": label,
            "sorted": ("descending" if descending else "ascending") if name == key else "",
            "link": f"-{name}" if name == key and not descending else name,
        }
        for name, label in COLUMNS
    ]
    context = {
        "rows": rows,
        "columns": columns,
        "totals": dashboard_totals(rows),
        "legend": [(Currency.LABELS[key], COLOURS[key]) for key in Currency.ORDER]
        + [(_("Not a participating state"), COLOURS["other"])],
        "map_svg": currency_map_svg(
            [
                (
                    row.country.code.code,
                    row.country.name,
                    row.status,
                    row.status_label,
                    row.country.get_absolute_url(),
                )
                for row in rows
            ]
        ),
    }
    return render(request, "currency/dashboard.html", context)


@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    """The secretariat opens an update round, follows its progress per state, and closes it."""
    require_secretariat(request.user)
    current = UpdateRound.objects.filter(closed_at__isnull=True).first()
    form = RoundForm(request.POST or None) if current is None else None
    if request.method == "POST":
        try:
            if current is not None and request.POST.get("close"):
                services.round_close(current=current, by=request.user, request=request)
                messages.success(request, gettext("The round is closed."))
                return redirect("currency:rounds")
            if form is not None and form.is_valid():
                services.round_open(
                    title=form.cleaned_data["title"],
                    deadline=form.cleaned_data["deadline"],
                    by=request.user,
                    request=request,
                )
                messages.success(
                    request, gettext("The round is open; the daily job tells every state.")
                )
                return redirect("currency:rounds")
        except services.RoundError as error:
            if form is None:
                raise PermissionDenied from error
            form.add_error(None, str(error))
    progress = round_progress(current) if current else []
    context = {
        "current": current,
        "form": form,
        "progress": progress,
        "done": sum(1 for _, done in progress if done),
        "past": UpdateRound.objects.filter(closed_at__isnull=False)[:10],
    }
    return render(request, "currency/rounds.html", context)


def _watching_message(country: Country) -> str:
    return gettext("You watch %(state)s: a daily e-mail will list what changes in it.") % {
        "state": country.name
    }


@require_POST
def watch(request: HttpRequest, code: str) -> HttpResponse:
    """Start or stop watching a state, from its page or from the watched states page."""
    country = get_country(code)
    if request.POST.get("watch") == "stop":
        services.watch_stop(user=request.user, country=country)
        messages.success(
            request, gettext("You no longer watch %(state)s.") % {"state": country.name}
        )
    else:
        services.watch_start(user=request.user, country=country)
        messages.success(request, _watching_message(country))
    if request.POST.get("back") == "watching":
        return redirect("currency:watching")
    return redirect(f"{country.get_absolute_url()}#watch")


@require_http_methods(["GET", "POST"])
def watching(request: HttpRequest) -> HttpResponse:
    """The states this official watches, which changed since their last digest, and a form to
    watch another. A GET reads only (a fixed number of queries however many states)."""
    unwatched = Country.objects.exclude(watches__user=request.user)
    form = WatchForm(request.POST or None, countries=unwatched)
    if request.method == "POST" and form.is_valid():
        country = form.cleaned_data["country"]
        services.watch_start(user=request.user, country=country)
        messages.success(request, _watching_message(country))
        return redirect("currency:watching")
    last = request.user.digests.order_by("-sent_at").first()
    contact_changed = Subquery(
        Contact.history.filter(country=OuterRef("country"))
        .order_by()
        .values("country")
        .annotate(at=Max("history_date"))
        .values("at")
    )
    watches = (
        request.user.watches.select_related("country__profile")
        .annotate(contact_changed=contact_changed)
        .order_by("country")
    )
    rows = []
    for item in watches:
        since = watch_since(item, last.sent_at if last else None)
        profile = item.country.profile_or_none
        moments = [m for m in (profile and profile.updated_at, item.contact_changed) if m]
        rows.append({"watch": item, "since": since, "changed": any(m > since for m in moments)})
    context = {"rows": rows, "last": last, "form": form}
    return render(request, "currency/watching.html", context)
