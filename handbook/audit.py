"""The one place that writes audit entries."""

from django.db import models
from django.http import HttpRequest

from .clientip import client_ip
from .models import AuditAction, AuditEntry


def audit_record(
    *,
    action: AuditAction,
    actor=None,
    request: HttpRequest | None = None,
    target: models.Model | None = None,
    country: str = "",
    detail: str = "",
) -> AuditEntry:
    """Append one entry. `detail` is a short human note and must never hold a secret."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        country=str(country).upper()[:2],
        ip_address=(client_ip(request) or None) if request is not None else None,
        detail=detail[:500],
    )
