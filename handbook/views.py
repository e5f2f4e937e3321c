import logging
from functools import cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import audit_record
from .middleware import view_name_of
from .models import AuditAction

logger = logging.getLogger(__name__)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: says nothing about the portal."""
    return HttpResponse("ok", content_type="text/plain")


@cache
def _migrations_on_disk() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Every migration the code ships, with the ones a squashed migration replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: tuple(loader.graph.nodes[key].replaces) for key in loader.graph.nodes}


def migrations_missing() -> list[tuple[str, str]]:
    """Migrations the code has and the database has not applied (queries the database)."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    return sorted(
        key
        for key, replaces in _migrations_on_disk().items()
        if key not in applied and not (replaces and set(replaces) <= applied)
    )


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 503 while the database is unreachable or a migration is not applied.

    The answer names no cause (the page is public); the log does."""
    try:
        missing = migrations_missing()
    except DatabaseError as error:
        logger.warning("not ready: database unreachable (%s)", type(error).__name__)
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    if missing:
        logger.warning("not ready: %d migrations not applied", len(missing))
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ready", content_type="text/plain")


def _audit_refused_write(request: HttpRequest, why: str = "") -> None:
    """A refused write is written to the audit log (docs/security.md, "Audit log"), naming
    the page, not the address typed."""
    if request.method in SAFE_METHODS:
        return
    view_name = view_name_of(request.path_info) or "unknown page"
    audit_record(
        action=AuditAction.WRITE_REFUSED,
        request=request,
        detail=f"{request.method[:10]} {view_name}{why}"[:200],
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """The friendly 403 page (handler403)."""
    _audit_refused_write(request)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The friendly page for a form without a valid CSRF token (CSRF_FAILURE_VIEW)."""
    _audit_refused_write(request, ", CSRF check failed")
    return render(request, "403_csrf.html", status=403)
