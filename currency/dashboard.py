"""The state of the whole handbook at a glance, for the secretariat: one row per state."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from countries.models import Contact, Country

from .models import UpdateRound
from .services import NEVER, stale_on

DUE_WITHIN_DAYS = 60


class Currency:
    """A state's currency, worst first; the map colours and the table badges use these."""

    NO_PROFILE = "none"
    STALE = "stale"
    DUE = "due"
    CURRENT = "current"
    LABELS = {
        NO_PROFILE: _("No profile"),
        STALE: _("Stale"),
        DUE: format_lazy(_("Due within {days} days"), days=DUE_WITHIN_DAYS),
        CURRENT: _("Current"),
    }
    ORDER = [NO_PROFILE, STALE, DUE, CURRENT]


@dataclass
class StateRow:
    country: Country
    changed: datetime | None
    confirmed: datetime | None
    stale_on: date | None
    status: str
    numbers: int  # 24/7 numbers
    overdue_calls: int
    failed_calls: int
    open_reports: int
    round_done: bool | None = None  # None: no round open

    @property
    def status_label(self) -> str:
        return str(Currency.LABELS[self.status])

    @property
    def days_left(self) -> int | None:
        if self.stale_on is None or self.stale_on == NEVER:
            return None
        return (self.stale_on - timezone.localdate()).days


def _row(country: Country, today: date, current: UpdateRound | None) -> StateRow:
    profile = country.profile_or_none
    numbers = list(country.contacts.all())  # prefetched: the 24/7 numbers only
    if profile is None:
        status, due = Currency.NO_PROFILE, None
    else:
        due = stale_on(profile)
        left = (due - today).days
        status = (
            Currency.STALE
            if profile.is_stale or left <= 0
            else Currency.DUE
            if left <= DUE_WITHIN_DAYS
            else Currency.CURRENT
        )
    return StateRow(
        country=country,
        changed=profile.updated_at if profile else None,
        confirmed=profile.confirmed_at if profile else None,
        stale_on=due,
        status=status,
        numbers=len(numbers),
        overdue_calls=sum(1 for c in numbers if c.test_call_overdue),
        failed_calls=sum(1 for c in numbers if c.last_test_call_failed_on),
        open_reports=country.open_reports,
        round_done=current.done(profile) if current else None,
    )


def _none_last(value) -> tuple:
    """Sort key: missing values after the others (they never compare with a value)."""
    return (value is None, value if value is not None else 0)


SORTS = {
    "name": lambda r: r.country.name,
    "changed": lambda r: _none_last(r.changed),
    "confirmed": lambda r: _none_last(r.confirmed),
    "status": lambda r: (Currency.ORDER.index(r.status), r.stale_on or NEVER),
    "calls": lambda r: (r.overdue_calls + r.failed_calls, r.failed_calls),
    "reports": lambda r: r.open_reports,
    "round": lambda r: (r.round_done is None, bool(r.round_done)),
}
DEFAULT_SORT = "status"


def dashboard_rows(*, sort: str = DEFAULT_SORT) -> tuple[list[StateRow], str]:
    """Every participating state's row, sorted by `sort` (a SORTS key, "-" for descending)."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT
    today = timezone.localdate()
    countries = (
        Country.objects.select_related("profile")
        .annotate(
            open_reports=Count(
                "problem_reports", filter=Q(problem_reports__resolved_at__isnull=True)
            )
        )
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.filter(available_24_7=True))
        )
    )
    current = UpdateRound.objects.filter(closed_at__isnull=True).first()
    rows = [_row(country, today, current) for country in countries]
    rows.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return rows, sort


def dashboard_totals(rows: list[StateRow]) -> dict[str, int]:
    totals = {status: 0 for status in Currency.ORDER}
    for row in rows:
        totals[row.status] += 1
    totals["failed_calls"] = sum(r.failed_calls for r in rows)
    totals["overdue_calls"] = sum(r.overdue_calls for r in rows)
    totals["open_reports"] = sum(r.open_reports for r in rows)
    return totals


def round_progress(current: UpdateRound) -> list[tuple[Country, bool]]:
    """Each state, and whether it has answered the round (by name)."""
    countries = Country.objects.select_related("profile")
    rows = [(country, current.done(country.profile_or_none)) for country in countries]
    return sorted(rows, key=lambda row: (row[1], row[0].name))
