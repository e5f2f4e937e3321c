"""What a state's page shows about keeping it current: the answers and contact points a reader
has reported (shown as "an update has been requested" until resolved), and, for an official who
watches the state, what changed since their last digest."""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from countries.models import Country
from currency.models import Digest, ProblemReport, Watch
from currency.watch import changes_since, watch_since

register = template.Library()


@dataclass
class OpenReports:
    """A state's open reports, by what they are about, and how its page links to them."""

    add_url: str  # where a reader reports a problem with this state's entry
    questions: dict[str, int] = field(default_factory=dict)  # question key -> a report's id
    contacts: dict[int, int] = field(default_factory=dict)  # contact id -> a report's id
    requested: str = field(default_factory=lambda: gettext("An update has been requested"))
    report: str = field(default_factory=lambda: gettext("Report a problem"))

    def links(self, what: str, key) -> SafeString:
        """After an answer (`what` "question") or a contact point ("contact"): "an update has
        been requested" while a report on it is open, then the link to report a problem."""
        mapping = self.questions if what == "question" else self.contacts
        add = format_html(  # a space first: not run into the answer before it
            ' <a class="report-link small" href="{}?{}={}">{}</a>',
            self.add_url,
            what,
            key,
            self.report,
        )
        if (report := mapping.get(key)) is None:
            return add
        return format_html(
            ' <a class="badge badge-conditional update-requested" href="{}">{}</a>{}',
            reverse("currency:report_detail", args=[report]),
            self.requested,
            add,
        )


@register.simple_tag
def open_reports(country: Country) -> OpenReports:
    """The state's open reports, by what they are about (one query)."""
    found = OpenReports(reverse("currency:report_add", args=[country.slug]))
    rows = ProblemReport.objects.filter(country=country, resolved_at__isnull=True).order_by("pk")
    for pk, question, contact_id in rows.values_list("pk", "question", "contact_id"):
        if question:
            found.questions.setdefault(question, pk)
        elif contact_id:
            found.contacts.setdefault(contact_id, pk)
    return found


@register.simple_tag
def report_links(reports: OpenReports, what: str, key) -> SafeString:
    """`{% report_links reports "question" question.key %}`: OpenReports.links. Built in Python,
    once per answer and contact point: as a template include with its URL reversed each time,
    it was a fifth of a state page's first rendering."""
    return reports.links(what, key)


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
