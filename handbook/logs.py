"""Logs an operator can use: one JSON line per request and per log record, with a request id.

`RequestLogMiddleware` (first in MIDDLEWARE) gives every request an id: the one nginx sent in
X-Request-ID when it is well-formed, else a new one. It returns it in the response header and
writes one `handbook.request` line: method, route pattern, view, status, duration, user id.
`JsonFormatter` renders every record (errors included) as JSON with the current request's id.

What never reaches a log line: names, e-mail addresses, the raw path and query string (a path
may hold a one-time token, a query a search term), form data, client addresses, and exception
messages (they may quote SQL parameters); an error carries its type and stack frames only.
"""

import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
_request_id: ContextVar[str] = ContextVar("request_id", default="-")

request_logger = logging.getLogger("handbook.request")
_base_record_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:
    """Stamp each record with the request id when it is made, not when it is written out."""
    record = _base_record_factory(*args, **kwargs)
    record.request_id = _request_id.get()
    return record


if getattr(_base_record_factory, "__name__", "") != _record_with_request_id.__name__:
    logging.setLogRecordFactory(_record_with_request_id)


def current_request_id() -> str:
    return _request_id.get()


def _user_id(request: HttpRequest) -> int | None:
    """The user's id if this request already loaded the user; never loads it (no query)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _WELL_FORMED_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            request_logger.info(
                "request",
                extra={
                    "http": {
                        "method": request.method,
                        "route": match.route if match else None,
                        "view": match.view_name if match else None,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": _user_id(request),
                    }
                },
            )
            return response
        finally:
            _request_id.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": self._message(record),
        }
        http = getattr(record, "http", None)
        if isinstance(http, dict):
            entry.update(http)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            entry["error"] = kind.__qualname__
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(tb)
            ]
        return json.dumps(entry, default=str)

    @staticmethod
    def _message(record: logging.LogRecord) -> str:
        """The message; for Django's request records, without the path they quote."""
        if not hasattr(record, "request"):
            return record.getMessage()
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "%s: %s" and len(args) == 2:
            return str(args[0])  # "<reason>: <path>"
        if args:
            return str(record.msg) % tuple("-" for _ in args)
        return f"HTTP {getattr(record, 'status_code', '')}".strip()
