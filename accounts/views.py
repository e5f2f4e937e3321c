from base64 import b32encode
from binascii import unhexlify

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from handbook.audit import audit_record
from handbook.clientip import client_ip
from handbook.middleware import language_cookie_set
from handbook.models import AuditAction

from . import services
from .access import require_secretariat, states_by_user
from .forms import (
    AccessForm,
    AccessRequestForm,
    ApproveForm,
    EnrolForm,
    LoginForm,
    NominationForm,
    PasswordResetForm,
    RejectForm,
    RoleForm,
    TokenForm,
)
from .models import AccessRequest, RequestStatus, Role, User, default_access_expiry
from .services import second_factor_enrol, totp_device_pending
from .sessions import password_step_fresh, session_verified

ENROL_KEY_SESSION = "accounts_enrol_key"


def _next_url(request: HttpRequest) -> str:
    """Where to go after a login step: a path on this site, else the country list."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("countries:list")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    """Password step. Success leads to the second-factor step, never straight in."""

    form_class = LoginForm
    template_name = "accounts/login.html"

    def form_valid(self, form):
        # A password step always starts a new session: a verified session does not keep its
        # second factor, nor renew its 12 hours, by entering the password again.
        self.request.session.flush()
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return _with_next("accounts:verify", super().get_success_url())


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not user_has_device(request.user):
        return redirect(_with_next("accounts:enrol", next_url))
    form = TokenForm(request.user, request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            audit_record(action=AuditAction.OTP_FAILURE, request=request)
            return render(request, "accounts/verify.html", {"form": form, "next": next_url})
        request.session.cycle_key()
        django_otp.login(request, form.device)
        session_verified(request)
        if not form.used_backup_code:
            audit_record(action=AuditAction.OTP_VERIFIED, request=request)
        else:
            remaining = form.device.token_set.count()
            audit_record(
                action=AuditAction.BACKUP_CODE_USED,
                request=request,
                detail=f"{remaining} backup codes left",
            )
            messages.warning(
                request,
                ngettext(
                    "You used a backup code. %(remaining)d remains.",
                    "You used a backup code. %(remaining)d remain.",
                    remaining,
                )
                % {"remaining": remaining},
            )
        return redirect(next_url)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


def _qr_svg(config_url: str) -> str:
    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First login: pair an authenticator app, then show the backup codes once."""
    next_url = _next_url(request)
    if user_has_device(request.user):
        return redirect(_with_next("accounts:verify", next_url))
    if not password_step_fresh(request):
        # Pairing a new authenticator needs the password just before, in this session: an old
        # or stolen session cookie alone must never be enough (docs/security.md, "Sessions").
        logout(request)
        messages.info(
            request, gettext("Please enter your password again to pair an authenticator.")
        )
        return redirect_to_login(next_url)
    key = request.session.setdefault(ENROL_KEY_SESSION, default_key())
    if request.method == "POST":
        form = EnrolForm(totp_device_pending(user=request.user, key=key), request.POST)
        if form.is_valid():
            codes = second_factor_enrol(device=form.device, request=request)
            request.session.cycle_key()
            django_otp.login(request, form.device)
            session_verified(request)
            del request.session[ENROL_KEY_SESSION]
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
    else:
        form = EnrolForm(None)
    preview = TOTPDevice(user=request.user, key=key)
    secret = b32encode(unhexlify(key)).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": mark_safe(_qr_svg(preview.config_url)),  # noqa: S308 (our own generated SVG)
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/enrol.html", context)


def logged_out(request: HttpRequest) -> HttpResponse:
    """Say so plainly: on a shared device the officer must know the session has ended."""
    return render(request, "accounts/logged_out.html")


def expired(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/expired.html", status=403)


# Access requests (public) -----------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def request_access(request: HttpRequest) -> HttpResponse:
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.access_request_too_many(address=(client_ip(request) or None)):
            form.add_error(
                None,
                gettext(
                    "Too many requests from your network in the last hour. Please try again later."
                ),
            )
        else:
            services.access_request_submit(data=form.request_data(), request=request)
            return redirect("accounts:request_sent")
    return render(request, "accounts/request_access.html", {"form": form})


def request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/request_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def request_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link (a GET or HEAD, as mail scanners do) only shows a button; pressing it
    (a POST) confirms the request."""
    if request.method == "POST":
        access_request = services.access_request_confirm(token=token, request=request)
        confirmed = access_request is not None
    else:
        access_request = services.access_request_for_token(token)
        confirmed = (
            access_request is not None and access_request.status != RequestStatus.UNCONFIRMED
        )
    context = {"access_request": access_request, "confirmed": confirmed}
    status = 200 if access_request is not None else 400
    return render(request, "accounts/request_confirmed.html", context, status=status)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """From the link in the approval (or reset) e-mail: choose a password, then log in."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:set_password_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_set(user=form.user, request=self.request)
        return response


def set_password_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/set_password_done.html")


class PasswordResetView(auth_views.PasswordResetView):
    """Forgotten password: the same answer whether or not the address is known."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:request_sent")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if services.password_reset_request(email=email, request=self.request):
            return super().form_valid(form)
        return redirect(self.success_url)


# Vetting (secretariat) --------------------------------------------------------------------
def requests_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    status = request.GET.get("status") or RequestStatus.PENDING
    role = request.GET.get("role") or ""
    state = (request.GET.get("state") or "").upper()[:2]
    requests = AccessRequest.objects.select_related("nominated_by").filter(status=status)
    if role in Role.values:
        requests = requests.filter(role=role)
    if state:
        requests = requests.filter(state=state)
    context = {
        "requests": requests,
        "status": status,
        "role": role,
        "state": state,
        "statuses": RequestStatus.choices,
        "roles": Role.choices,
    }
    return render(request, "accounts/requests.html", context)


@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    access_request = get_object_or_404(AccessRequest, pk=pk)
    decision = request.POST.get("decision")
    approve = ApproveForm(
        request.POST if decision == "approve" else None,
        initial={
            "role": access_request.role,
            "states": access_request.states,
            "access_expires": default_access_expiry(),
        },
    )
    reject = RejectForm(request.POST if decision == "reject" else None)
    if access_request.status != RequestStatus.PENDING and request.method == "POST":
        messages.error(request, gettext("This request has been decided already."))
        return redirect("accounts:request_decide", pk=pk)
    if decision == "approve" and approve.is_valid():
        try:
            user = services.access_request_approve(
                access_request=access_request,
                by=request.user,
                request=request,
                **approve.cleaned_data,
            )
        except services.AccountExistsError as exists:
            approve.add_error(None, str(exists))
        else:
            messages.success(
                request,
                gettext("Approved: %(person)s has been sent a link to set a password.")
                % {"person": user},
            )
            return redirect("accounts:requests")
    if decision == "reject" and reject.is_valid():
        services.access_request_reject(
            access_request=access_request,
            by=request.user,
            request=request,
            reason=reject.cleaned_data["reason"],
        )
        messages.success(request, gettext("Rejected: the applicant has been told why."))
        return redirect("accounts:requests")
    context = {"access_request": access_request, "approve": approve, "reject": reject}
    return render(request, "accounts/request_decide.html", context)


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    """A national correspondent nominates a colleague for the secretariat to vet."""
    if not (request.user.is_correspondent or request.user.is_secretariat):
        raise PermissionDenied
    allowed = services.nomination_states(by=request.user)
    form = NominationForm(request.POST or None, allowed_states=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.access_request_nominate(
                data=form.request_data(), by=request.user, request=request
            )
        except services.NominationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, gettext("Your colleague has been sent a link to confirm their address.")
            )
            return redirect("countries:list")
    return render(request, "accounts/request_access.html", {"form": form, "nominating": True})


# Account management (secretariat) ---------------------------------------------------------
def users_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    users = list(User.objects.order_by("full_name"))
    states = states_by_user()
    rows = [(u, states.get(u.pk, [])) for u in users]
    return render(request, "accounts/users.html", {"rows": rows, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def user_manage(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    person = get_object_or_404(User, pk=pk)
    action = request.POST.get("action")
    held = states_by_user(person).get(person.pk, [])
    access = AccessForm(
        request.POST if action == "access" else None,
        initial={"access_expires": person.access_expires},
    )
    role = RoleForm(
        request.POST if action == "role" else None,
        initial={"role": person.role, "states": [c.code.code for c in held]},
    )
    done = None
    if action == "access" and access.is_valid():
        services.user_set_access(
            user=person, by=request.user, request=request, **access.cleaned_data
        )
        done = gettext("Access dates saved.")
    elif action == "role" and role.is_valid():
        services.user_set_role_and_states(
            user=person, by=request.user, request=request, **role.cleaned_data
        )
        done = gettext("Role and states saved.")
    elif action in ("disable", "enable") and person != request.user:
        services.user_set_active(
            user=person, active=action == "enable", by=request.user, request=request
        )
        done = (
            gettext("Account re-enabled.") if action == "enable" else gettext("Account disabled.")
        )
    elif action == "reset_second_factor":
        services.user_reset_second_factor(user=person, by=request.user, request=request)
        done = gettext("Second factor reset: the person must enrol again at the next login.")
    if done:
        messages.success(request, done)
        return redirect("accounts:user_manage", pk=person.pk)
    context = {"person": person, "held": held, "access": access, "role": role}
    return render(request, "accounts/user_manage.html", context)


@require_http_methods(["POST"])
def language(request: HttpRequest) -> HttpResponse:
    """The switcher on every page: remember the choice in a cookie, and on the account of
    a logged-in user (so their e-mails and other devices follow it); back to the page."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return redirect(_next_url(request))
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, language=code)
    response = redirect(_next_url(request))
    language_cookie_set(response, code)
    return response
