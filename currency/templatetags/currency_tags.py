"""What a state's page shows about keeping it current: the answers and contact points a reader
has reported (shown as "an update has been requested" until resolved)."""

from dataclasses import dataclass, field

from django import template

from countries.models import Country
from currency.models import ProblemReport

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
