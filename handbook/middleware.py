"""The one gate in front of every page.

Anything not on the public allow-list needs a user who is logged in, verified with a second
factor in this session, active, and whose access has not expired. A password-only session may
reach only the second-factor pages. The admin is for the secretariat only.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext

from accounts.sessions import session_timed_out, session_touch

# Pages anyone may reach (docs/security.md, "Who may see what").
PUBLIC_VIEWS = frozenset(
    {
        "accounts:language",
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
            messages.info(request, gettext("Your session has ended. Please log in again."))
            return redirect_to_login(request.get_full_path())

        # The second factor comes before the news that access has ended: a password alone
        # must not learn more about an account than that the code step follows.
        if not user.is_verified():
            if view_name in SECOND_FACTOR_VIEWS:
                return self.get_response(request)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:verify')}?{query}")

        if user.access_expired or not user.is_active:
            if view_name in EXPIRED_VIEWS:
                return self.get_response(request)
            return redirect("accounts:expired")

        if view_name and view_name.startswith("admin:") and not user.is_secretariat:
            raise PermissionDenied

        session_touch(request)
        return self.get_response(request)


def _odd(request: HttpRequest) -> str | None:
    """Why the request's values are refused, or None. PostgreSQL cannot store NUL, and no page
    needs more than a few short query values (docs/security.md, "Odd input")."""
    query = request.GET
    if len(query) > settings.MAX_QUERY_FIELDS:
        return gettext("too many values in the address")
    for key, values in query.lists():
        for value in (key, *values):
            if len(value) > settings.MAX_QUERY_VALUE_LENGTH:
                return gettext("a value in the address is too long")
            if "\x00" in value:
                return gettext("a value holds a NUL character")
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return gettext("a value holds a NUL character")
    return None


class OddInputMiddleware:
    """Answer odd values with a clear 400 page before any view or query sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = _odd(request)
        if reason is not None:
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the user's saved choice first.

    After authentication: a logged-in user reads in the language they chose (accounts'
    `User.language`) on every device; anyone else in the language cookie's (the switcher)
    or else the browser's. Pages, e-mails rendered for this request, and PDFs follow it."""

    def process_request(self, request: HttpRequest) -> None:
        saved = getattr(getattr(request, "user", None), "language", "")
        if saved:
            translation.activate(translation.get_supported_language_variant(saved))
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """A saved choice also goes into the cookie, so that the pages after logging out
        (and the next login page) stay in the user's language."""
        response = super().process_response(request, response)
        saved = getattr(getattr(request, "user", None), "language", "")
        if saved and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != saved:
            language_cookie_set(response, saved)
        return response


def language_cookie_set(response: HttpResponse, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
