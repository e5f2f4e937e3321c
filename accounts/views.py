from base64 import b32encode
from binascii import unhexlify

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from handbook.audit import audit_record
from handbook.models import AuditAction

from .forms import EnrolForm, LoginForm, TokenForm
from .services import second_factor_enrol, totp_device_pending

ENROL_KEY_SESSION = "accounts_enrol_key"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
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
        if form.used_backup_code:
            remaining = form.device.token_set.count()
            audit_record(
                action=AuditAction.BACKUP_CODE_USED,
                request=request,
                detail=f"{remaining} backup codes left",
            )
            messages.warning(request, f"You used a backup code. {remaining} remain.")
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
    key = request.session.setdefault(ENROL_KEY_SESSION, default_key())
    if request.method == "POST":
        form = EnrolForm(totp_device_pending(user=request.user, key=key), request.POST)
        if form.is_valid():
            codes = second_factor_enrol(device=form.device, request=request)
            request.session.cycle_key()
            django_otp.login(request, form.device)
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


def expired(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/expired.html", status=403)
