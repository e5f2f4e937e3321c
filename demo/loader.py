"""Demonstration accounts for a local run (`make demo`). Never in production."""

from base64 import b32decode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm

from accounts.models import Role, User
from accounts.services import TOTP_DEVICE_NAME
from countries.models import Country
from handbook.checks import DEMO_USERNAMES

from .profiles import demo_profiles_load

DEMO_PASSWORD = "handbook-demo-2026"  # noqa: S105 (published in the README on purpose)
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (published too)
DEMO_CORRESPONDENT_STATES = ["FR", "BE"]

DEMO_USERS = {
    "official": {
        "full_name": "Olivia Official",
        "role": Role.OFFICIAL,
        "organisation": "Demo Customs Investigation Service",
        "state": "NL",
        "function": "Customs investigator",
    },
    "correspondent": {
        "full_name": "Claude Correspondent",
        "role": Role.CORRESPONDENT,
        "organisation": "Demo Central Office for Drug Trafficking",
        "state": "FR",
        "function": "National correspondent",
    },
    "secretariat": {
        "full_name": "Sam Secretariat",
        "role": Role.SECRETARIAT,
        "organisation": "Demo Handbook Secretariat",
        "state": "",
        "function": "Handbook administrator",
    },
}
if set(DEMO_USERS) != DEMO_USERNAMES:  # the production check must know every demo account
    raise ImproperlyConfigured("DEMO_USERS and handbook.checks.DEMO_USERNAMES differ")


def demo_totp_key() -> str:
    return b32decode(DEMO_TOTP_SECRET).hex()


@transaction.atomic
def demo_load() -> None:
    """Create or refresh the countries, the cited legal basis and the demo accounts; safe to
    run again."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo data must never be loaded with DJANGO_ENV=production")
    if not Country.objects.exists():  # loaddata would overwrite memberships and search text
        call_command("loaddata", "countries", verbosity=0)
    call_command("legal_seed", verbosity=0)  # the cited facts, now that the states exist
    for username, fields in DEMO_USERS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={**fields, "email": f"{username}@example.org", "is_active": True},
        )
        user.access_expires = User._meta.get_field("access_expires").get_default()
        user.set_password(DEMO_PASSWORD)
        user.save()
        TOTPDevice.objects.update_or_create(
            user=user,
            name=TOTP_DEVICE_NAME,
            defaults={"key": demo_totp_key(), "confirmed": True, "last_t": -1},
        )
    correspondent = User.objects.get(username="correspondent")
    for country in Country.objects.filter(code__in=DEMO_CORRESPONDENT_STATES):
        assign_perm("countries.change_country", correspondent, country)
    demo_profiles_load(
        correspondent=correspondent, secretariat=User.objects.get(username="secretariat")
    )
