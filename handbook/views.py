from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import audit_record
from .middleware import view_name_of
from .models import AuditAction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: says nothing about the portal."""
    return HttpResponse("ok", content_type="text/plain")


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
