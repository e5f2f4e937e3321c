"""Parts of pages rendered once per content and kept, as the PDF documents are (handbook/pdf.py).

A page's view passes `content_key(...)` of every row a part shows to `{% cache %}` in the
template, with anything else the part depends on (whether the reader may edit, today's date for
"overdue" badges). The key is a digest of the values themselves, not a version number, so no
write can leave a stale part behind: a changed row is a new key, and the old part ages out of
the bounded, per-process "template_fragments" cache (settings.CACHES). Nothing about the reader
goes into a cached part: not their name, not a CSRF token, not the PDF marking.

Rows a part shows but the page needs only inside the part (a state's contact points) need not be
loaded to key it: `Digest(queryset)` has the database digest them, for `content_key(..., x=digest)`.
"""

import hashlib

from django.db.models import CharField, Model, Subquery
from django.utils.translation import get_language


def _values(row: Model | None) -> tuple | None:
    if row is None:
        return None
    loaded = row.__dict__  # deferred columns are not shown, and reading them would query
    return (row._meta.label, *(loaded.get(f.attname) for f in row._meta.concrete_fields))


def content_key(*rows: Model | None, **also) -> str:
    """A digest of the rows' loaded column values, `also`, and the active language."""
    values = ([_values(row) for row in rows], sorted(also.items()), get_language())
    return hashlib.sha256(repr(values).encode()).hexdigest()


class Digest(Subquery):
    """A digest of every column `queryset` selects, of all its rows (None for no rows), computed
    by the database: `Country.objects.annotate(contacts=Digest(Contact.objects.filter(country=
    OuterRef("pk"))))`. The rows are sorted first: the digest is that of the rows, whatever the
    order the database reads them in."""

    template = (
        "(SELECT encode(sha256(convert_to(string_agg(_row::text, ',' ORDER BY _row::text),"
        " 'UTF8')), 'hex') FROM (%(subquery)s) _row)"
    )
    output_field = CharField()
