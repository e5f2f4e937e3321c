"""What the bench cannot see from outside a gunicorn worker, reported in response headers.

`X-Bench-CPU-ms`: the CPU time of the thread that answered (Django, templates, WeasyPrint,
pypdf; not PostgreSQL). `X-Bench-Queries`: the SQL queries it sent. A request with
`X-Bench-Cold: 1` gets an empty rendered-document cache of its own, as in-process "first
export" rows do. Only `bench/settings.py` installs this middleware.
"""

import time

from django.db import connection

from handbook import pdf


def measure(get_response):
    def middleware(request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        shared = pdf.documents
        cold = request.headers.get("X-Bench-Cold") == "1"
        if cold:
            pdf.documents = pdf.DocumentCache(shared.limit)
        started = time.thread_time()
        try:
            with connection.execute_wrapper(count):
                response = get_response(request)
        finally:
            if cold:
                pdf.documents = shared
        response["X-Bench-CPU-ms"] = f"{(time.thread_time() - started) * 1000:.2f}"
        response["X-Bench-Queries"] = str(queries)
        return response

    return middleware
