"""The audit log for the secretariat: filter, page through, export to CSV (itself audited)."""

from collections.abc import Iterator
from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.access import require_secretariat

from .audit import audit_record, with_target_names
from .csvexport import csv_lines
from .forms import DateInput
from .models import AuditAction, AuditEntry

PAGE_SIZE = 50
CSV_CHUNK = 500


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *AuditAction.choices]
    )
    country = forms.CharField(label=_("Country code"), required=False, max_length=2)
    since = forms.DateField(label=pgettext_lazy("date", "From"), required=False, widget=DateInput)
    until = forms.DateField(label=pgettext_lazy("date", "To"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(gettext("The start date is after the end date."))
        return data

    def entries(self) -> QuerySet[AuditEntry]:
        entries = AuditEntry.objects.select_related("actor")
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["user"]:
            entries = entries.filter(actor__username__icontains=data["user"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["country"]:
            entries = entries.filter(country=data["country"].upper())
        if data["since"]:
            entries = entries.filter(at__gte=_day_start(data["since"]))
        if data["until"]:
            entries = entries.filter(at__lt=_day_start(data["until"]) + timezone.timedelta(days=1))
        return entries


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_log(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = AuditFilterForm(request.GET)
    entries = form.entries()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_target_names(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "handbook/audit.html", context)


def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered entries as CSV, streamed in chunks so that memory stays bounded however
    long the log; the export is audited first, over a fixed snapshot of the log."""
    require_secretariat(request.user)
    entries = AuditFilterForm(request.GET).entries()
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    entries = entries.filter(id__lte=last)
    audit_record(
        action=AuditAction.DATA_EXPORTED,
        request=request,
        detail=f"audit log CSV, {entries.count()} entries, filters: {_filters_named(request)}",
    )
    response = StreamingHttpResponse(
        csv_lines(_csv_rows(entries, _csv_header())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="handbook-audit.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _csv_header() -> list[str]:
    """The column names, in the language of the request (taken before streaming starts)."""
    return [
        gettext("time (UTC)"),
        gettext("user"),
        gettext("action"),
        gettext("object"),
        gettext("country"),
        gettext("address"),
        gettext("detail"),
    ]


def _csv_rows(entries: QuerySet[AuditEntry], header: list[str]) -> Iterator[list]:
    yield header
    for chunk in _chunks(entries.iterator(chunk_size=CSV_CHUNK), CSV_CHUNK):
        for entry in with_target_names(chunk):
            yield [
                entry.at.strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor_name,
                entry.action,
                entry.target_name,
                entry.country,
                entry.ip_address or "",
                entry.detail,
            ]


def _chunks(items: Iterator[AuditEntry], size: int) -> Iterator[list[AuditEntry]]:
    chunk: list[AuditEntry] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _filters_named(request: HttpRequest) -> str:
    """The filters used, for the export's own entry; a user filter is named, not quoted, so
    that no person's name lands in the log."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return "invalid"
    used = []
    for name, value in form.cleaned_data.items():
        if value:
            used.append(name if name == "user" else f"{name}={value}")
    return ", ".join(used) or "none"
