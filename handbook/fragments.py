"""Parts of pages rendered once per content and kept, as the PDF documents are (handbook/pdf.py).

A page's view passes `content_key(...)` of every row a part shows to `{% cache %}` in the
template, with anything else the part depends on (whether the reader may edit, today's date for
"overdue" badges). The key is a digest of the values themselves, not a version number, so no
write can leave a stale part behind: a changed row is a new key, and the old part ages out of
the per-process "template_fragments" cache (settings.CACHES: `PartsCache`, bounded in bytes).
Nothing about the reader goes into a cached part: not their name, not a CSRF token, not the PDF
marking.

Rows that a page shows only inside its parts (a state's profile, contact points and reports) need
not be loaded to key them: `RelatedDigest` has the database digest them in the page's own query,
and they are loaded only to render a part that is not in the cache.
"""

import hashlib
from functools import cache

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import CharField, F, Func, Model
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


class RelatedDigest(Func):
    """A digest of every column of the rows related to a row through `relation` (a reverse
    relation's name: "contacts"), None for none, computed by the database in the row's own query:
    `Country.objects.annotate(contacts_digest=RelatedDigest("contacts"))`, for `content_key(country,
    contacts=country.contacts_digest)` without loading the contacts. The rows are sorted first, so
    that it is their digest whatever the order the database reads them in."""

    template = (
        "(SELECT encode(sha256(convert_to(string_agg(_row::text, ',' ORDER BY _row::text),"
        " 'UTF8')), 'hex') FROM %(table)s _row WHERE _row.%(column)s = %(expressions)s)"
    )
    output_field = CharField()

    def __init__(self, relation: str):
        super().__init__()
        self.relation = relation

    # SQLite (the demo's database) has no row-to-text cast: every column is quoted in turn;
    # SHA256 is the function Django registers on each SQLite connection.
    sqlite_template = (
        "(SELECT lower(SHA256(group_concat(_row, ','))) FROM (SELECT %(columns)s AS _row"
        " FROM %(table)s WHERE %(column)s = %(expressions)s ORDER BY _row))"
    )

    def resolve_expression(self, query=None, *args, **kwargs):
        key = query.model._meta.get_field(self.relation).field  # the related rows' foreign key
        resolved = self.copy()
        resolved.table, resolved.column = key.model._meta.db_table, key.column
        resolved.columns = [f.column for f in key.model._meta.concrete_fields]
        resolved.set_source_expressions([F(key.target_field.attname)])
        return super(RelatedDigest, resolved).resolve_expression(query, *args, **kwargs)

    def as_sql(self, compiler, connection, **extra):
        quote = connection.ops.quote_name
        return super().as_sql(
            compiler, connection, table=quote(self.table), column=quote(self.column), **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        quote = connection.ops.quote_name
        columns = " || ',' || ".join(f"quote({quote(c)})" for c in self.columns)
        return super().as_sql(
            compiler,
            connection,
            template=self.sqlite_template,
            table=quote(self.table),
            column=quote(self.column),
            columns=columns,
            **extra,
        )


_used: dict[str, list[int]] = {}  # bytes held, per cache: shared by its threads, as its entries


class PartsCache(LocMemCache):
    """The per-process cache of rendered parts, bounded in bytes (OPTIONS `MAX_BYTES`), not in
    entries: parts range from a few hundred bytes (a status line) to hundreds of kilobytes (a
    comparison of ten states), so a count either holds too few state pages or too many tables.
    The least recently read parts are dropped first, one at a time, until the rest fit; a part
    larger than the whole bound is not kept."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 32 * 1024 * 1024))
        self._used = _used.setdefault(name, [0])

    @property
    def size(self) -> int:
        return self._used[0]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)
        if len(value) > self._max_bytes:
            return
        self._cache[key] = value
        self._cache.move_to_end(key, last=False)  # the front is the most recently used
        self._expire_info[key] = self.get_backend_timeout(timeout)
        self._used[0] += len(value)
        while self._used[0] > self._max_bytes:
            dropped, old = self._cache.popitem()
            del self._expire_info[dropped]
            self._used[0] -= len(old)

    def _delete(self, key):
        old = self._cache.get(key)
        if not super()._delete(key):
            return False
        self._used[0] -= len(old)
        return True

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._used[0] = 0
