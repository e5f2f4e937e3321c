import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

TOTP_PATTERN = re.compile(r"^\d{6}$")
THROTTLED = "Too many wrong codes. Wait a little, then try again."
INVALID = "That code is not valid. Check the time on your device, or use a backup code."


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not correct.",
        "inactive": "The username or password is not correct.",
    }


def _verify(devices: list[Device], token: str) -> Device:
    """Try the code on each device, respecting django-otp's throttling."""
    throttled = False
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            return device
    raise forms.ValidationError(THROTTLED if throttled else INVALID)


class TokenForm(forms.Form):
    """Second step of login: a 6-digit code from the app, or a single-use backup code."""

    token = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None

    def clean_token(self) -> str:
        token = re.sub(r"\s+", "", self.cleaned_data["token"]).lower()
        # Route by shape, so that a backup code does not count as a failed app code.
        kind = TOTPDevice if TOTP_PATTERN.match(token) else StaticDevice
        devices = [d for d in devices_for_user(self.user, confirmed=True) if isinstance(d, kind)]
        self.device = _verify(devices, token)
        return token

    @property
    def used_backup_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


class EnrolForm(forms.Form):
    """Confirm a new authenticator with the first code it shows."""

    token = forms.CharField(
        label="Code from your app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, device: TOTPDevice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not TOTP_PATTERN.match(token):
            raise forms.ValidationError("Enter the 6 digits your app shows.")
        _verify([self.device], token)
        return token
