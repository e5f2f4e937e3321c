from django.core.exceptions import PermissionDenied

from .models import User


def require_secretariat(user: User) -> None:
    """Vetting, granting rights and the audit log are for the secretariat only."""
    if not user.is_secretariat:
        raise PermissionDenied


def states_by_user(user: User | None = None) -> dict[int, list]:
    """The states each national correspondent may change (one query), by user id."""
    from guardian.models import UserObjectPermission

    from countries.models import Country

    grants = UserObjectPermission.objects.filter(permission__codename="change_country")
    if user is not None:
        grants = grants.filter(user=user)
    pairs = list(grants.values_list("user_id", "object_pk"))
    countries = Country.objects.in_bulk({code for _, code in pairs})
    found: dict[int, list] = {}
    for user_id, code in pairs:
        if code in countries:
            found.setdefault(user_id, []).append(countries[code])
    return found
