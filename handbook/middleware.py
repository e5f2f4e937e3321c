"""The one gate in front of every page.

Anything not on the public allow-list needs a user who is logged in, verified with a second
factor in this session, active, and whose access has not expired. A password-only session may
reach only the second-factor pages. The admin is for the secretariat only.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from accounts.sessions import session_timed_out, session_touch

# Pages anyone may reach (SECURITY.md, "Who may see what").
PUBLIC_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logged_out",
        "accounts:request_access",
        "accounts:request_sent",
        "accounts:request_confirm",
        "accounts:set_password",
        "accounts:set_password_done",
        "accounts:password_reset",
        "healthz",
        "readyz",
    }
)
# Pages a password-only session needs to finish logging in (or to leave).
SECOND_FACTOR_VIEWS = frozenset({"accounts:verify", "accounts:enrol", "accounts:logout"})
# Pages an expired or disabled account may still reach.
EXPIRED_VIEWS = frozenset({"accounts:expired", "accounts:logout"})


def view_name_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class AccessGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view_name = view_name_of(request.path_info)
        if view_name in PUBLIC_VIEWS:
            return self.get_response(request)

        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())

        if session_timed_out(request):
            logout(request)
            messages.info(request, "Your session has ended. Please log in again.")
            return redirect_to_login(request.get_full_path())

        if user.access_expired or not user.is_active:
            if view_name in EXPIRED_VIEWS:
                return self.get_response(request)
            return redirect("accounts:expired")

        if not user.is_verified():
            if view_name in SECOND_FACTOR_VIEWS:
                return self.get_response(request)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:verify')}?{query}")

        if view_name and view_name.startswith("admin:") and not user.is_secretariat:
            raise PermissionDenied

        session_touch(request)
        return self.get_response(request)
