"""What a state's page shows about keeping it current: the answers and contact points a reader
has reported (shown as "an update has been requested" until resolved), and, for an official who
watches the state, what changed since their last digest."""

from dataclasses import dataclass, field

from django import template

from countries.models import Country
from currency.models import Digest, ProblemReport, Watch
from currency.watch import changes_since, watch_since

register = template.Library()


@dataclass
class OpenReports:
    questions: dict[str, int] = field(default_factory=dict)  # question key -> a report's id
    contacts: dict[int, int] = field(default_factory=dict)  # contact id -> a report's id


@register.simple_tag
def open_reports(country: Country) -> OpenReports:
    """The state's open reports, by what they are about (one query)."""
    found = OpenReports()
    rows = ProblemReport.objects.filter(country=country, resolved_at__isnull=True).order_by("pk")
    for pk, question, contact_id in rows.values_list("pk", "question", "contact_id"):
        if question:
            found.questions.setdefault(question, pk)
        elif contact_id:
            found.contacts.setdefault(contact_id, pk)
    return found


@register.filter
def report_for(mapping: dict, key) -> int | None:
    return mapping.get(key)


@register.inclusion_tag("currency/_watch.html")
def watch_panel(country: Country, user) -> dict:
    """On a state's page: watch or stop watching it, and for a watcher what changed since their
    last digest, as the history's diff. Reads only: a visit is not recorded. One query for a
    reader who does not watch the state (most), the digest and the changes only for a watcher."""
    watching = Watch.objects.filter(user=user, country=country).first()
    context = {"country": country, "watching": watching}
    if watching is not None:
        digests = Digest.objects.filter(user=user).order_by("-sent_at")
        last_digest = digests.values_list("sent_at", flat=True).first()
        context["last_digest"] = last_digest
        context["changed"] = changes_since(country, watch_since(watching, last_digest))
    return context
