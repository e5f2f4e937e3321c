"""What the briefs write: only the audit entry of an exported request draft, never its content."""

from django.db import transaction
from django.http import HttpRequest

from accounts.models import User
from handbook.audit import audit_record
from handbook.models import AuditAction

DRAFT_FORMATS = ("docx", "pdf")


@transaction.atomic
def request_draft_exported(
    *, actor: User, request: HttpRequest, country: str, route: list[str], fmt: str
) -> None:
    """Record that `actor` exported a request draft to `country` for `route` (codes in route
    order) as `fmt`: which state, which route, which format, and nothing of the case facts."""
    if fmt not in DRAFT_FORMATS:
        raise ValueError(f"Not a draft format: {fmt!r}")
    audit_record(
        action=AuditAction.REQUEST_DRAFT_EXPORTED,
        actor=actor,
        request=request,
        country=country,
        detail=f"request draft to {country} on route {'-'.join(route)}, {fmt}",
    )
