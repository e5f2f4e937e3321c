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


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """The friendly 403 page; a refused write is written to the audit log (docs/security.md,
    "Audit log"), naming the page, not the address typed."""
    if request.method not in SAFE_METHODS:
        view_name = view_name_of(request.path_info) or "unknown page"
        audit_record(
            action=AuditAction.WRITE_REFUSED,
            request=request,
            detail=f"{request.method[:10]} {view_name}"[:200],
        )
    return render(request, "403.html", status=403)
