from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from accounts.models import User

# The accounts `manage.py load_demo` creates (demo/loader.py), whose secrets are published.
DEMO_USERNAMES = frozenset({"official", "correspondent", "secretariat"})


@register(Tags.security, deploy=True)
def no_demo_accounts_in_production(app_configs, **kwargs):
    """A production database must not hold the demo accounts, whose secrets are public."""
    if not settings.PRODUCTION:
        return []
    try:
        found = sorted(
            User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
        )
    except DatabaseError:
        return []  # no database yet: nothing to find
    if not found:
        return []
    return [
        Error(
            f"Demo accounts exist in production: {', '.join(found)}.",
            hint="Delete them: their password and TOTP secret are published in the README.",
            id="handbook.E001",
        )
    ]
