"""The one place that writes audit entries, and the one that names what they point at.

An entry never embeds a person's name, e-mail or organisation: it refers to the actor and the
target by id, and names are looked up when the log is read, so that a person whose data was
removed shows as their pseudonym while the entry itself never changes (docs/security.md,
"Audit log").
"""

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext

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
    """Append one entry. `detail` is a short note: never a secret, a name, an e-mail address
    or an organisation (refer to people through `actor` and `target`)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        country=str(country).upper()[:2],
        ip_address=(client_ip(request) or None) if request is not None else None,
        detail=detail[:500],
    )


def _model_for(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def with_target_names(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Set `target_name` on each entry from the current data (a few queries per page)."""
    entries = list(entries)
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.target_type:
            wanted[entry.target_type].add(entry.target_id)
    found: dict[tuple[str, str], str] = {}
    for target_type, ids in wanted.items():
        model = _model_for(target_type)
        if model is None:
            continue
        for pk, obj in model._default_manager.in_bulk(list(ids)).items():
            found[(target_type, str(pk))] = str(obj)
    for entry in entries:
        entry.target_name = _name(entry, found)
    return entries


def _name(entry: AuditEntry, found: dict[tuple[str, str], str]) -> str:
    if not entry.target_type:
        return ""
    name = found.get((entry.target_type, entry.target_id))
    if name is not None:
        return name
    model = _model_for(entry.target_type)
    kind = model._meta.verbose_name if model is not None else entry.target_type
    return gettext("%(kind)s %(id)s (deleted)") % {"kind": kind, "id": entry.target_id}
