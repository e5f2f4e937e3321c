"""Slowing down password guessing without locking anyone out for long.

django-axes locks one client on one account after AXES_FAILURE_LIMIT failures. On top of that,
an account that many clients fail on (a spray from many addresses), or a client that fails on
many accounts, must wait a little before each further attempt: 2**n seconds after the last
failure, at most LOGIN_SLOWDOWN_MAX (docs/security.md, "Login").
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

USERNAME_MAX = 150


def _wait(attempts, after: int) -> float:
    found = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    totals = found.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    over = (totals["failures"] or 0) - after
    if over < 0:
        return 0.0
    delay = min(2.0**over, settings.LOGIN_SLOWDOWN_MAX.total_seconds())
    return max(0.0, delay - (timezone.now() - totals["last"]).total_seconds())


def login_wait_seconds(*, username: str, ip: str) -> float:
    """How long this attempt must wait before the password is even checked (0: go ahead)."""
    by_account = _wait(
        AccessAttempt.objects.filter(username=username), settings.LOGIN_SLOWDOWN_ACCOUNT_AFTER
    )
    by_client = (
        _wait(AccessAttempt.objects.filter(ip_address=ip), settings.LOGIN_SLOWDOWN_CLIENT_AFTER)
        if ip
        else 0.0
    )
    return max(by_account, by_client)


def axes_username(request, credentials: dict | None) -> str:
    """The username django-axes records: what was typed, cut to the length a username can have
    (Django's login form does not enforce it, and axes' column is shorter than a long post)."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    return str(typed or "")[:USERNAME_MAX]
