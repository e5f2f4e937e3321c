"""The one helper for object permissions on countries.

A national correspondent may change only the states granted to them (guardian object
permission `countries.change_country`); the secretariat may change all; officials none.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_users_with_perms

from accounts.models import Role, User

from .models import Country

EDIT_PERMISSION = "countries.change_country"


def can_edit_country(user: User, country: Country) -> bool:
    if user.is_secretariat:
        return True
    return user.is_correspondent and user.has_perm(EDIT_PERMISSION, country)


def get_country(code: str, rows: QuerySet[Country] | None = None) -> Country:
    """The country of `code` (any case), from `rows` (by default with its profile), or 404."""
    rows = Country.objects.select_related("profile") if rows is None else rows
    return get_object_or_404(rows, code=code.upper())


def get_country_for_edit(user: User, code: str) -> Country:
    """The country, if `user` may change it: 404 when unknown, 403 when not granted."""
    country = get_country(code)
    if not can_edit_country(user, country):
        raise PermissionDenied
    return country


def correspondents_of(country: Country) -> list[User]:
    """The national correspondents who may change `country`."""
    return list(
        get_users_with_perms(country, only_with_perms_in=["change_country"])
        .filter(role=Role.CORRESPONDENT)
        .order_by("full_name")
    )


def can_edit_legal_basis(user: User) -> bool:
    """The instruments and each state's standing under them are the secretariat's to keep."""
    return user.is_secretariat


def require_legal_editor(user: User) -> None:
    if not can_edit_legal_basis(user):
        raise PermissionDenied
