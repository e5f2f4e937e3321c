"""What the bench cannot see from outside a gunicorn worker, reported in response headers.

`X-Bench-CPU-ms`: the CPU time of the thread that answered (Django, templates, WeasyPrint,
pypdf; not PostgreSQL). `X-Bench-Queries`: the SQL queries it sent. A request with
`X-Bench-Cold: 1` gets empty caches of its own (`empty_caches`), as in-process "first export"
and "first visit" rows do. Only `bench/settings.py` installs this middleware.
"""

import time
from collections import OrderedDict
from contextlib import contextmanager, nullcontext

from django.core.cache import caches
from django.db import connection

from handbook import pdf


@contextmanager
def empty_caches():
    """For this request alone, in this thread: an empty cache of rendered documents
    (handbook/pdf.py) and of rendered page parts (handbook/fragments.py), as if nothing had
    been asked before; the others' documents and parts are left be."""
    shared, fragments = pdf.documents, caches["template_fragments"]
    kept = fragments._cache, fragments._expire_info, fragments._used  # this thread's, not public
    pdf.documents = pdf.DocumentCache(shared.limit)
    fragments._cache, fragments._expire_info, fragments._used = OrderedDict(), {}, [0]
    try:
        yield
    finally:
        pdf.documents = shared
        fragments._cache, fragments._expire_info, fragments._used = kept


def measure(get_response):
    def middleware(request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        cold = request.headers.get("X-Bench-Cold") == "1"
        started = time.thread_time()
        with empty_caches() if cold else nullcontext(), connection.execute_wrapper(count):
            response = get_response(request)
        response["X-Bench-CPU-ms"] = f"{(time.thread_time() - started) * 1000:.2f}"
        response["X-Bench-Queries"] = str(queries)
        return response

    return middleware
