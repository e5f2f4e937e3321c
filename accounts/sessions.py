"""Session lifetime: an idle limit and an absolute limit, both enforced by the access gate."""

import time

from django.conf import settings
from django.http import HttpRequest

LOGIN_AT = "handbook_login_at"
SEEN_AT = "handbook_seen_at"
TOUCH_EVERY_SECONDS = 60  # avoid a session write on every request


def session_start(request: HttpRequest) -> None:
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def session_timed_out(request: HttpRequest) -> bool:
    now = time.time()
    login_at = request.session.get(LOGIN_AT)
    seen_at = request.session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return True
    return (
        now - seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds()
        or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
    )


def session_touch(request: HttpRequest) -> None:
    now = time.time()
    if now - request.session.get(SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
        request.session[SEEN_AT] = now
