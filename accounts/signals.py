from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from handbook.audit import audit_record
from handbook.models import AuditAction

from .models import User
from .sessions import session_start


@receiver(user_logged_in, dispatch_uid="accounts.login_success")
def on_login(sender, request, user, **kwargs) -> None:
    if request is not None:
        session_start(request)
    audit_record(
        action=AuditAction.LOGIN_SUCCESS, actor=user, request=request, detail="password step"
    )


def _tried(username) -> dict:
    """Who a failed login named: the account, by id, if there is one; else "unknown". What was
    typed is never kept: it may be a mistyped password (docs/security.md, "Audit log")."""
    account = User.objects.filter(username=str(username or "")[:150]).first()
    if account is not None:
        return {"target": account, "detail": "username tried: the target account"}
    return {"detail": "username tried: unknown"}


@receiver(user_login_failed, dispatch_uid="accounts.login_failure")
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_record(
        action=AuditAction.LOGIN_FAILURE, request=request, **_tried(credentials.get("username"))
    )


@receiver(user_locked_out, dispatch_uid="accounts.lockout")
def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit_record(action=AuditAction.LOCKOUT, request=request, **_tried(username))
