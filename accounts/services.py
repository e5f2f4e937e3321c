"""Domain writes for accounts: second-factor enrolment."""

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from handbook.audit import audit_record
from handbook.models import AuditAction

from .models import User

TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def totp_device_pending(*, user: User, key: str) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled with `key` (made on the first attempt)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, key=key, confirmed=False, defaults={"name": TOTP_DEVICE_NAME}
    )
    return device


@transaction.atomic
def second_factor_enrol(*, device: TOTPDevice, request: HttpRequest | None = None) -> list[str]:
    """Confirm a verified authenticator and issue fresh single-use backup codes.

    Returns the backup codes in clear: the caller shows them once and never stores them.
    """
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    backup = StaticDevice.objects.create(user=device.user, name=BACKUP_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(settings.BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    audit_record(action=AuditAction.OTP_ENROLLED, actor=device.user, request=request)
    return codes


def totp_current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for `device` (demo helper and tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
