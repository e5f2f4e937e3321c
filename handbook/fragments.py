"""Parts of pages rendered once per content and kept, as the PDF documents are (handbook/pdf.py).

A page's view passes `content_key(...)` of every row a part shows to `{% cache %}` in the
template, with anything else the part depends on (whether the reader may edit, today's date for
"overdue" badges). The key is a digest of the values themselves, not a version number, so no
write can leave a stale part behind: a changed row is a new key, and the old part ages out of
the bounded, per-process "template_fragments" cache (settings.CACHES). Nothing about the reader
goes into a cached part: not their name, not a CSRF token, not the PDF marking.
"""

import hashlib
from functools import cache

from django.db.models import Model
from django.utils.translation import get_language


@cache
def _columns(model: type[Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def _values(row: Model | None) -> tuple | None:
    if row is None:
        return None
    loaded = row.__dict__  # deferred columns are not shown, and reading them would query
    return (row._meta.label, *map(loaded.get, _columns(type(row))))


def content_key(*rows: Model | None, **also) -> str:
    """A digest of the rows' loaded column values, `also`, and the active language."""
    values = ([_values(row) for row in rows], sorted(also.items()), get_language())
    return hashlib.sha256(repr(values).encode()).hexdigest()
