"""Session lifetime: an idle limit and an absolute limit, both enforced by the access gate,
and the one way to end all of a person's sessions (docs/security.md, "Sessions")."""

import time

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest

LOGIN_AT = "handbook_login_at"  # when the second factor was passed: the 12 hours count from it
SEEN_AT = "handbook_seen_at"
PASSWORD_AT = "handbook_password_at"  # noqa: S105 (a session key, not a secret)
TOUCH_EVERY_SECONDS = 60  # avoid a session write on every request


def session_start(request: HttpRequest) -> None:
    """The password step: a new session (accounts.views.LoginView flushes the old one)."""
    now = time.time()
    request.session[SEEN_AT] = now
    request.session[PASSWORD_AT] = now


def session_verified(request: HttpRequest) -> None:
    """The second factor passed: the absolute limit counts from now."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def session_timed_out(request: HttpRequest) -> bool:
    now = time.time()
    login_at = request.session.get(LOGIN_AT, request.session.get(PASSWORD_AT))
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


def password_step_fresh(request: HttpRequest) -> bool:
    """Whether the password was entered in this session within ENROL_AFTER_PASSWORD."""
    password_at = request.session.get(PASSWORD_AT)
    limit = settings.ENROL_AFTER_PASSWORD.total_seconds()
    return password_at is not None and time.time() - password_at <= limit


def sessions_end_all(user) -> None:
    """End every session `user` has, on every device, at once.

    The epoch is part of the session auth hash (accounts.models.User), so Django's own check
    on each request turns every older session away, whatever the session backend.
    """
    type(user).objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
