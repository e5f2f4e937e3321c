import math
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from countries.forms import phone_e164
from countries.models import Country
from handbook.clientip import client_ip
from handbook.forms import DateInput
from handbook.mail import Recipient, mail_send

from .lockout import login_wait_seconds
from .models import AccessRequest, Role, User

TOTP_PATTERN = re.compile(r"^\d{6}$")


def _wait_seconds(device: Device) -> int:
    """How long django-otp's throttle makes this device wait before the next code (0: none)."""
    allowed, data = device.verify_is_allowed()
    locked_until = (data or {}).get("locked_until")
    if allowed or locked_until is None:
        return 0
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def _refused(*, throttled: bool, wait: int) -> str:
    """Why a code was refused, with the wait in the reader's language."""
    if throttled:
        return ngettext(
            "Too many wrong codes. Wait %(seconds)d second before you try again.",
            "Too many wrong codes. Wait %(seconds)d seconds before you try again.",
            wait,
        ) % {"seconds": wait}
    invalid = gettext(
        "That code is not valid. Check the time on your device, or use a backup code."
    )
    if not wait:
        return invalid
    retry = ngettext(
        "You can try again in %(seconds)d second.",
        "You can try again in %(seconds)d seconds.",
        wait,
    ) % {"seconds": wait}
    return f"{invalid} {retry}"


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct."),
        "slow_down": _("Too many attempts. Wait a minute, then try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django takes the label from the model field, which has no translated name.
        self.fields["username"].label = gettext("Username")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request is not None else ""
        if username and login_wait_seconds(username=username, ip=ip) > 0:
            raise forms.ValidationError(self.error_messages["slow_down"], code="slow_down")
        return super().clean()


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, its e-mail sent the portal's one way: in the account's language."""

    email = forms.EmailField(
        label=_("Official e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        template = email_template_name.removesuffix(".txt")
        mail_send([Recipient.of(context["user"])], template=template, context=context)


def _verify(devices: list[Device], token: str) -> Device:
    """Try the code on each device, respecting django-otp's throttling.

    Each device row is locked while its code is checked, so that requests posted in parallel
    take turns: a code is accepted at most once and every failure is counted
    (docs/security.md, "Second factor")."""
    throttled, wait = False, 0
    for device in devices:
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, _ = locked.verify_is_allowed()
            if not allowed:
                throttled, wait = True, max(wait, _wait_seconds(locked))
                continue
            if locked.verify_token(token):
                return locked
            wait = max(wait, _wait_seconds(locked))
    raise forms.ValidationError(_refused(throttled=throttled, wait=wait))


class TokenForm(forms.Form):
    """Second step of login: a 6-digit code from the app, or a single-use backup code."""

    token = forms.CharField(
        label=_("Code"),
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
        label=_("Code from your app"),
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
            raise forms.ValidationError(gettext("Enter the 6 digits your app shows."))
        self.device = _verify([self.device], token)
        return token


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.code.code, c.name) for c in Country.objects.all()), key=lambda c: c[1])


class AccessRequestForm(forms.ModelForm):
    """Public: anyone may ask; the secretariat decides."""

    role = forms.ChoiceField(
        label=_("Role asked for"),
        choices=[
            (Role.OFFICIAL, _("Official (read the handbook)")),
            (Role.CORRESPONDENT, _("National correspondent (keep my state's profile)")),
        ],
    )
    states = forms.MultipleChoiceField(
        label=_("States you would maintain"),
        required=False,
        choices=country_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("National correspondents only."),
    )

    class Meta:
        model = AccessRequest
        fields = [
            "full_name",
            "organisation",
            "state",
            "function",
            "email",
            "phone",
            "role",
            "reason",
            "states",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"email": _("Your official address: the link to confirm is sent there.")}

    def clean_phone(self) -> str:
        return phone_e164(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.CORRESPONDENT and not data.get("states"):
            self.add_error("states", gettext("Choose the states you would maintain."))
        if data.get("role") != Role.CORRESPONDENT:
            data["states"] = []
        return data

    def request_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class NominationForm(AccessRequestForm):
    """A correspondent nominates a colleague for one of the states granted to them."""

    def __init__(self, *args, allowed_states: set[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_states is not None:
            choices = [(c, n) for c, n in country_choices() if c in allowed_states]
            self.fields["state"].choices = [("", "---------"), *choices]
            self.fields["states"].choices = choices


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason sent to the applicant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


ACCESS_UNTIL_ERRORS = {
    "required": _("Enter the last day of access, for example 2027-06-30."),
    "invalid": _("Enter the last day of access as a date, for example 2027-06-30."),
}


class AccessForm(forms.Form):
    access_expires = forms.DateField(
        label=_("Access until"),
        widget=DateInput,
        error_messages=ACCESS_UNTIL_ERRORS,
        help_text=_("Shorten or extend. Access ends by itself on this date."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    states = forms.ModelMultipleChoiceField(
        label=_("States"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("National correspondents only: the states they may change."),
    )

    def clean(self):
        data = super().clean()
        if data.get("states") and data.get("role") != Role.CORRESPONDENT:
            self.add_error(
                "states", gettext("Only a national correspondent can be granted states.")
            )
        return data


class ApproveForm(RoleForm):
    """Approve with a role, the states of a correspondent and an end date."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    states = forms.ModelMultipleChoiceField(
        label=_("States"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("National correspondents: the states they may change."),
    )
    access_expires = forms.DateField(
        label=_("Access until"),
        widget=DateInput,
        error_messages=ACCESS_UNTIL_ERRORS,
    )

    def clean_access_expires(self):
        value = self.cleaned_data["access_expires"]
        if value <= timezone.localdate():
            raise forms.ValidationError(gettext("The end of access must be in the future."))
        return value
