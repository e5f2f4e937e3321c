"""What changed in a watched state since a moment, read from the version history with the diff
readers of countries/history.py. Reads only: nothing here writes, so reading a watched page
leaves no trace of who read what."""

from dataclasses import dataclass, replace
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from countries.history import Change, contact_changes, profile_changes
from countries.models import Contact, Country, Profile

CONTACT_POINTS = _("Contact points")


@dataclass(frozen=True)
class StateChanges:
    """A state's changes in (since, until]: each as a row of the shared diff table."""

    country: Country
    since: datetime
    rows: list[Change]
    diff_url: str  # the version diff (profile) or the history page (contact points only)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def sections(self) -> list[str]:
        """The titles of the sections that changed, in the page's order."""
        return list(dict.fromkeys(row.section for row in self.rows))


def _contact_name(record) -> str:
    return gettext("%(role)s: %(organisation)s") % {
        "role": record.get_role_display(),
        "organisation": record.organisation,
    }


def _contact_rows(country: Country, since: datetime, until: datetime | None) -> list[Change]:
    later = Contact.history.filter(country=country, history_date__gt=since)
    if until is not None:
        later = later.filter(history_date__lte=until)
    latest: dict[int, object] = {}
    for record in later.order_by("id", "history_id"):
        latest[record.id] = record
    if not latest:
        return []
    before: dict[int, object] = {}
    earlier = Contact.history.filter(id__in=list(latest), history_date__lte=since)
    for record in earlier.order_by("id", "history_id"):
        before[record.id] = record
    rows = []
    for pk, record in latest.items():
        old = before.get(pk)
        if old is not None and old.history_type == "-":
            old = None
        name = _contact_name(record)
        if record.history_type == "-":
            if old is not None:
                rows.append(
                    Change(gettext("Contact point"), CONTACT_POINTS, name, gettext("Removed"))
                )
        elif old is None:
            added = gettext("Added: %(contact)s") % {"contact": name}
            rows.append(Change(gettext("Contact point"), CONTACT_POINTS, "—", added))
        else:
            rows += [
                replace(
                    change,
                    section=CONTACT_POINTS,
                    label=gettext("%(contact)s: %(field)s")
                    % {"contact": name, "field": change.label},
                )
                for change in contact_changes(old, record)
            ]
    return rows


def changes_since(country: Country, since: datetime, until: datetime | None = None) -> StateChanges:
    """What changed in the state's profile and contact points after `since` (up to `until`)."""
    records = Profile.history.filter(country=country)
    after = records.filter(history_date__gt=since)
    if until is not None:
        after = after.filter(history_date__lte=until)
    after = after.order_by("-history_id").first()
    rows: list[Change] = []
    diff_url = reverse("countries:history", args=[country.slug])
    if after is not None:
        before = records.filter(history_date__lte=since).order_by("-history_id").first()
        rows = profile_changes(before, after)
        if rows and before is not None:
            diff_url = (
                reverse("countries:diff", args=[country.slug])
                + f"?a={before.history_id}&b={after.history_id}"
            )
    rows += _contact_rows(country, since, until)
    return StateChanges(country=country, since=since, rows=rows, diff_url=diff_url)


def watch_since(watch, last_digest_at: datetime | None) -> datetime:
    """Where a watcher's changes start: their last digest, or when they began to watch."""
    return max(watch.since, last_digest_at) if last_digest_at else watch.since
