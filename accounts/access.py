from django.core.exceptions import PermissionDenied

from .models import User


def require_secretariat(user: User) -> None:
    """Vetting, granting rights and the audit log are for the secretariat only."""
    if not user.is_secretariat:
        raise PermissionDenied
