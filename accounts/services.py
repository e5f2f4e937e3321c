"""Domain writes for accounts: second-factor enrolment, access requests and vetting."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language, gettext
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import get_objects_for_user

from handbook.audit import audit_record
from handbook.clientip import client_ip
from handbook.mail import Recipient, mail_send
from handbook.models import AuditAction, AuditEntry

from .access import states_by_user
from .models import AccessRequest, RequestStatus, Role, User
from .sessions import sessions_end_all

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


def user_language_set(*, user: User, language: str) -> None:
    """A preference, not a right: saved on the account, not audited."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# Access requests and vetting --------------------------------------------------------------
REQUEST_SIGNER_SALT = "accounts.access-request"
REQUEST_LINK_MAX_AGE = timedelta(hours=48)


class AccountExistsError(Exception):
    """An approval would create a second account for the same e-mail address."""


def _mail(person: User | AccessRequest, *, template: str, **context) -> None:
    """One message from templates/accounts/email/, in the person's language. E-mails carry
    links and decisions only, never restricted content."""
    mail_send([Recipient.of(person)], template=f"accounts/email/{template}", context=context)


def _active_language() -> str:
    """The language the request is read in, as one of settings.LANGUAGES ("" if none)."""
    language = get_language() or ""
    return language if language in dict(settings.LANGUAGES) else ""


def access_request_too_many(*, address: str | None) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = AccessRequest.objects.filter(submitted_from=address, submitted_at__gte=since)
    return address is not None and recent.count() >= settings.ACCESS_REQUESTS_PER_HOUR


@transaction.atomic
def access_request_submit(
    *, data: dict, request: HttpRequest, nominated_by: User | None = None
) -> AccessRequest:
    """Record a request and send the applicant a signed, expiring confirmation link.

    The request keeps the language it was made in (the page's): the applicant's e-mails are
    written in it, and so is their account at first. A nomination is the same request, marked
    as coming from the nominator (in the nominator's language): the nominee confirms their own
    address like any applicant before it reaches the secretariat."""
    access_request = AccessRequest.objects.create(
        **data,
        nominated_by=nominated_by,
        submitted_from=client_ip(request) or None,
        language=_active_language(),
    )
    token = signing.TimestampSigner(salt=REQUEST_SIGNER_SALT).sign(str(access_request.pk))
    link = request.build_absolute_uri(reverse("accounts:request_confirm", args=[token]))
    _mail(access_request, template="request_confirm", link=link)
    audit_record(
        action=AuditAction.REQUEST_SUBMITTED,
        actor=nominated_by,
        request=request,
        target=access_request,
        detail=f"role asked: {access_request.role}" + (", nominated" if nominated_by else ""),
    )
    return access_request


def access_request_for_token(token: str) -> AccessRequest | None:
    """The request a confirmation link names, if the link is genuine and not expired."""
    try:
        pk = signing.TimestampSigner(salt=REQUEST_SIGNER_SALT).unsign(
            token, max_age=REQUEST_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return AccessRequest.objects.filter(pk=pk).first()


@transaction.atomic
def access_request_confirm(*, token: str, request: HttpRequest) -> AccessRequest | None:
    """The applicant pressed the button: the request now reaches the secretariat."""
    found = access_request_for_token(token)
    if found is None:
        return None
    access_request = AccessRequest.objects.select_for_update().get(pk=found.pk)
    if access_request.status != RequestStatus.UNCONFIRMED:
        return access_request
    access_request.status = RequestStatus.PENDING
    access_request.confirmed_at = timezone.now()
    access_request.save(update_fields=["status", "confirmed_at"])
    audit_record(action=AuditAction.REQUEST_CONFIRMED, request=request, target=access_request)
    return access_request


class NominationRefused(Exception):
    """A nomination for a state the nominator does not keep, or one too many."""


def nomination_states(*, by: User) -> set[str] | None:
    """The state codes `by` may nominate for: their granted states; None means any (the
    secretariat)."""
    if by.is_secretariat:
        return None
    return {country.code.code for country in states_by_user(by).get(by.pk, [])}


def nominations_too_many(*, by: User) -> bool:
    since = timezone.now() - timedelta(days=1)
    recent = AccessRequest.objects.filter(nominated_by=by, submitted_at__gte=since)
    return recent.count() >= settings.NOMINATIONS_PER_DAY


def access_request_nominate(*, data: dict, by: User, request: HttpRequest) -> AccessRequest:
    """A correspondent vouches for a colleague of a state granted to them; the colleague
    confirms the address, then the secretariat vets the request like any other."""
    allowed = nomination_states(by=by)
    asked = {str(data.get("state", "")), *map(str, data.get("states", []))}
    if allowed is not None and not asked <= allowed:
        raise NominationRefused(gettext("You may nominate only for the states you keep."))
    if nominations_too_many(by=by):
        raise NominationRefused(
            gettext("You have sent many nominations today. Please try tomorrow.")
        )
    return access_request_submit(data=data, request=request, nominated_by=by)


def _set_password_link(user: User, request: HttpRequest) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("accounts:set_password", args=[uid, token]))


@transaction.atomic
def access_request_approve(
    *,
    access_request: AccessRequest,
    role: str,
    states: list,
    access_expires,
    by: User,
    request: HttpRequest,
) -> User:
    """Create the account with its role, states and end date; invite the person to log in."""
    from countries.services import correspondent_grant

    email = access_request.email.lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountExistsError(
            gettext("An account with the e-mail %(email)s exists already.") % {"email": email}
        )
    user = User.objects.create_user(
        username=email,
        email=email,
        password=None,
        full_name=access_request.full_name,
        organisation=access_request.organisation,
        state=access_request.state,
        function=access_request.function,
        role=role,
        access_expires=access_expires,
        language=access_request.language,
    )
    access_request.status = RequestStatus.APPROVED
    access_request.decided_at, access_request.decided_by = timezone.now(), by
    access_request.account = user
    access_request.save()
    audit_record(
        action=AuditAction.REQUEST_APPROVED,
        actor=by,
        request=request,
        target=user,
        detail=f"role {role}, access until {access_expires:%Y-%m-%d}",
    )
    for country in states:
        correspondent_grant(country=country, user=user, by=by, request=request)
    _mail(user, template="request_approved", link=_set_password_link(user, request))
    return user


@transaction.atomic
def access_request_reject(
    *, access_request: AccessRequest, reason: str, by: User, request: HttpRequest
) -> None:
    access_request.status = RequestStatus.REJECTED
    access_request.decided_at, access_request.decided_by = timezone.now(), by
    access_request.decision_reason = reason
    access_request.save()
    audit_record(
        action=AuditAction.REQUEST_REJECTED, actor=by, request=request, target=access_request
    )
    _mail(access_request, template="request_rejected", reason=reason)


# Passwords ---------------------------------------------------------------------------------
def password_reset_request(*, email: str, request: HttpRequest) -> bool:
    """Record a reset request; whether to send the link (False when over a limit).

    Limits per address and per client (docs/security.md, "Password reset"). The page answers
    the same either way, so neither the limit nor the answer reveals whether the address has
    an account."""
    since = timezone.now() - timedelta(hours=1)
    ip = client_ip(request) or None
    account = User.objects.filter(email__iexact=email, is_active=True).first()
    recent = AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED, at__gte=since)
    from_client = recent.filter(ip_address=ip).count() if ip else 0
    for_address = (
        recent.filter(target_type=User._meta.label_lower, target_id=str(account.pk)).count()
        if account is not None
        else 0
    )
    too_many = (
        from_client >= settings.PASSWORD_RESETS_PER_HOUR_PER_CLIENT
        or for_address >= settings.PASSWORD_RESETS_PER_HOUR_PER_ADDRESS
    )
    detail = "limited: no link sent" if too_many else ("" if account else "address unknown")
    audit_record(
        action=AuditAction.PASSWORD_RESET_REQUESTED, request=request, target=account, detail=detail
    )
    return not too_many


@transaction.atomic
def password_set(*, user: User, request: HttpRequest) -> None:
    """A new password from a reset or approval link: every older session has ended with the
    old password's hash (accounts.models.User._get_session_auth_hash)."""
    sessions_end_all(user)
    audit_record(action=AuditAction.PASSWORD_SET, actor=user, request=request, target=user)


# Account management (secretariat) ---------------------------------------------------------
@transaction.atomic
def user_set_access(*, user: User, access_expires, by: User, request: HttpRequest) -> None:
    before = user.access_expires
    if before == access_expires:
        return
    user.access_expires = access_expires
    user.save(update_fields=["access_expires"])
    sessions_end_all(user)
    audit_record(
        action=AuditAction.ACCESS_CHANGED,
        actor=by,
        request=request,
        target=user,
        detail=f"access until {before:%Y-%m-%d} -> {access_expires:%Y-%m-%d}",
    )


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User, request: HttpRequest) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])
    sessions_end_all(user)
    action = AuditAction.ACCOUNT_ENABLED if active else AuditAction.ACCOUNT_DISABLED
    audit_record(action=action, actor=by, request=request, target=user)


@transaction.atomic
def user_reset_second_factor(*, user: User, by: User, request: HttpRequest) -> None:
    """Remove every device: at the next login the person must enrol again."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    sessions_end_all(user)
    audit_record(action=AuditAction.OTP_RESET, actor=by, request=request, target=user)


@transaction.atomic
def user_set_role_and_states(
    *, user: User, role: str, states: list, by: User, request: HttpRequest
) -> None:
    """Change the role; a correspondent keeps exactly `states`, anyone else none."""
    from countries.access import EDIT_PERMISSION
    from countries.services import correspondent_grant, correspondent_withdraw

    if user.role != role:
        audit_record(
            action=AuditAction.ROLE_CHANGED,
            actor=by,
            request=request,
            target=user,
            detail=f"{user.role} -> {role}",
        )
        user.role = role
        user.save(update_fields=["role"])
        sessions_end_all(user)
    wanted = set(states) if role == Role.CORRESPONDENT else set()
    held = set(
        get_objects_for_user(user, EDIT_PERMISSION, accept_global_perms=False, with_superuser=False)
    )
    for country in held - wanted:
        correspondent_withdraw(country=country, user=user, by=by, request=request)
    for country in wanted - held:
        correspondent_grant(country=country, user=user, by=by, request=request)


# Scheduled: reminders before the end of access, and inactivity -------------------------------
INACTIVITY_LIMIT = timedelta(days=180)
REMINDERS = ((30, "reminded_30_for"), (7, "reminded_7_for"))


def accounts_expire_and_remind(*, today=None) -> dict[str, int]:
    """Run daily: remind 30 and 7 days before access ends (once each), record in the audit log
    that access has ended (the gate enforces the date), disable accounts that have not logged
    in for 180 days."""
    today = today or timezone.localdate()
    sent = {days: 0 for days, _ in REMINDERS}
    for days, field in REMINDERS:
        due = User.objects.filter(
            is_active=True,
            access_expires__gt=today,
            access_expires__lte=today + timedelta(days=days),
        )
        for user in due.exclude(**{field: F("access_expires")}):
            _mail(user, template="access_ending", ends=user.access_expires)
            setattr(user, field, user.access_expires)
            user.save(update_fields=[field])
            sent[days] += 1
    ended = User.objects.filter(is_active=True, access_expires__lt=today).exclude(
        expiry_recorded_for=F("access_expires")
    )
    for user in ended:
        with transaction.atomic():
            user.expiry_recorded_for = user.access_expires
            user.save(update_fields=["expiry_recorded_for"])
            sessions_end_all(user)
            audit_record(
                action=AuditAction.ACCOUNT_EXPIRED,
                target=user,
                detail=f"access ended on {user.access_expires:%Y-%m-%d}",
            )
    cutoff = timezone.now() - INACTIVITY_LIMIT
    idle = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    disabled = 0
    for user in idle:
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            sessions_end_all(user)
            audit_record(
                action=AuditAction.ACCOUNT_EXPIRED, target=user, detail="no login for 180 days"
            )
        disabled += 1
    return {
        "reminded_30": sent[30],
        "reminded_7": sent[7],
        "ended": len(ended),
        "disabled": disabled,
    }


def _forget_in_records(user: User) -> None:
    """The admin's own change log and the lockout records name people too."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=f"forgotten-{user.pk}")
    names = {user.username, user.email}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()


REQUEST_RETENTION = timedelta(days=365)


@transaction.atomic
def access_requests_delete_old(*, now=None) -> int:
    """Run daily: delete rejected requests 12 months after the decision and unconfirmed ones
    12 months after they were sent (README, "Personal data: retention and removal")."""
    cutoff = (now or timezone.now()) - REQUEST_RETENTION
    old = AccessRequest.objects.filter(
        Q(status=RequestStatus.REJECTED, decided_at__lt=cutoff)
        | Q(status=RequestStatus.UNCONFIRMED, submitted_at__lt=cutoff)
    )
    deleted, _ = old.delete()
    if deleted:
        audit_record(
            action=AuditAction.REQUESTS_DELETED,
            detail=f"{deleted} rejected or unconfirmed requests older than 12 months",
        )
    return deleted


@transaction.atomic
def person_forget(*, user: User, by: User | None = None) -> None:
    """Remove a person's data on request: the account is anonymised, never deleted, so that
    audit entries keep pointing at it under its anonymised name."""
    from guardian.shortcuts import remove_perm

    from countries.access import EDIT_PERMISSION

    for country in get_objects_for_user(
        user, EDIT_PERMISSION, accept_global_perms=False, with_superuser=False
    ):
        remove_perm(EDIT_PERMISSION, user, country)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    AccessRequest.objects.filter(Q(account=user) | Q(email__iexact=user.email)).delete()
    _forget_in_records(user)
    user.username = f"forgotten-{user.pk}"
    user.email = f"forgotten-{user.pk}@invalid.example"
    user.full_name = f"Forgotten person {user.pk}"
    user.organisation = user.function = user.state = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    sessions_end_all(user)
    audit_record(action=AuditAction.ACCOUNT_ANONYMISED, actor=by, target=user)
