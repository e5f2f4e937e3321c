"""Domain writes that keep the handbook current.

Test calls: each call of a 24/7 number is logged; the contact keeps the date of the latest call
that reached someone (what every page shows) and, while the latest call failed, its date, so
readers are warned at once.

Reminders: a daily job (`manage.py send_currency_reminders`) tells a state's correspondents
60, 30 and 7 days before its entry goes stale and when it has, and when a 24/7 number's last
good test call is five months old. Each reminder is recorded and sent once; e-mails carry links
only.

Watching: an official watches states; a daily job (`manage.py send_watch_digests`) e-mails each
watcher, at most once a day and only when something changed, the names of the sections that
changed in each watched state since their last digest, with links. Only that job records
anything (the digest sent); reading a page writes nothing.

Reports: a reader's report stays open until a new version of its section or contact point is
saved (countries.signals.version_saved, in that version's transaction) or a keeper answers it.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext

from accounts.models import Role, User
from countries import schema
from countries.access import correspondents_of
from countries.models import STALE_AFTER, Contact, Country, Profile
from handbook.audit import audit_record
from handbook.mail import Recipient, mail_send
from handbook.models import AuditAction
from legal.models import Instrument, Party

from .models import (
    ContactTestCall,
    Digest,
    ProblemKind,
    ProblemReport,
    Reminder,
    ReminderKind,
    UpdateRound,
    Watch,
)
from .watch import changes_since, watch_since


def _after(day: date, other: date | None) -> bool:
    return other is None or day > other


@transaction.atomic
def contact_test_call_record(
    *,
    contact: Contact,
    called_on: date,
    reached: bool,
    note: str,
    by: User,
    request: HttpRequest | None = None,
) -> ContactTestCall:
    """Log a test call of a 24/7 number and update what pages show about it (audited)."""
    if called_on > timezone.localdate():
        raise ValueError(gettext("A test call cannot be in the future."))
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if not locked.available_24_7:
        raise ValueError(gettext("Test calls are logged for 24/7 numbers only."))
    call = ContactTestCall.objects.create(
        contact=locked, called_on=called_on, reached=reached, note=note.strip(), by=by
    )
    if reached:
        if not _after(locked.last_test_call or called_on, called_on):
            locked.last_test_call = called_on
        if locked.last_test_call_failed_on and locked.last_test_call_failed_on <= called_on:
            locked.last_test_call_failed_on = None
    elif _after(called_on, locked.last_test_call) and _after(
        called_on, locked.last_test_call_failed_on
    ):
        locked.last_test_call_failed_on = called_on
    # The log is the record of test calls: the contact's content and version are untouched, so
    # no contact version is written (and a form opened before the call saves without a clash).
    Contact.objects.filter(pk=locked.pk).update(
        last_test_call=locked.last_test_call,
        last_test_call_failed_on=locked.last_test_call_failed_on,
    )
    audit_record(
        action=AuditAction.TEST_CALL_RECORDED,
        actor=by,
        request=request,
        target=locked,
        country=locked.country.code.code,
        detail=f"{called_on:%Y-%m-%d} {'reached' if reached else 'not reached'}",
    )
    return call


# Reminders ---------------------------------------------------------------------------------
# Before the entry goes stale: the tightest window reached is sent (a job that missed days sends
# one reminder, not three at once).
STALE_WINDOWS = (
    (7, ReminderKind.STALE_7),
    (30, ReminderKind.STALE_30),
    (60, ReminderKind.STALE_60),
)
TEST_CALL_REMIND_AFTER = timedelta(days=152)  # five months; flagged overdue after six
NEVER = date(1970, 1, 1)  # `due_on` of a profile never confirmed, or a number never tested


def stale_on(profile: Profile) -> date:
    """The day the profile is (or was) marked stale for everyone."""
    if profile.confirmed_at is None:
        return NEVER
    return timezone.localdate(profile.confirmed_at + STALE_AFTER)


def test_call_due_on(contact: Contact) -> date:
    """The day a 24/7 number needs a new test call (five months after the last good one)."""
    if contact.last_test_call is None:
        return NEVER
    return contact.last_test_call + TEST_CALL_REMIND_AFTER


def _name_of(country: Country) -> str:
    """The state's name in the language of each message it is rendered in (django-countries
    names it in the active language)."""
    return lazy(lambda: country.name, str)()


def _link(path: str) -> str:
    return f"{settings.HANDBOOK_BASE_URL}{path}"


def _recipients(country: Country) -> list[User]:
    """The state's active correspondents; the secretariat when the state has none."""
    people = [u for u in correspondents_of(country) if u.is_active and u.email]
    if not people:
        people = list(User.objects.filter(role=Role.SECRETARIAT, is_active=True).exclude(email=""))
    return people


def _send_once(
    *,
    kind: ReminderKind,
    country: Country,
    due_on: date,
    template: str,
    context: dict,
    contact: Contact | None = None,
) -> bool:
    """Record the reminder and send it after commit; False when it was already sent."""
    people = _recipients(country)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind, country=country, contact=contact, due_on=due_on, recipients=len(people)
            )
            audit_record(
                action=AuditAction.REMINDER_SENT,
                target=reminder,
                country=country.code.code,
                detail=f"{kind.value} due {due_on:%Y-%m-%d}, {len(people)} recipient(s)",
            )
            _mail_each(
                people,
                template=template,
                context={
                    **context,
                    "country_name": _name_of(country),
                    "due_on": due_on,
                    "never": NEVER,
                },
            )
    except IntegrityError:  # sent already (by an earlier run, or one running alongside)
        return False
    return True


def _stale_kind(days_left: int) -> ReminderKind | None:
    if days_left <= 0:
        return ReminderKind.STALE
    for days, kind in STALE_WINDOWS:
        if days_left <= days:
            return kind
    return None


def currency_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Run daily: send every reminder that is due and not yet sent. Returns counts per kind."""
    today = today or timezone.localdate()
    sent = {kind.value: 0 for kind in ReminderKind}
    profiles = Profile.objects.select_related("country").order_by("country")
    for profile in profiles:
        due_on = stale_on(profile)
        kind = _stale_kind((due_on - today).days)
        if (
            kind is None
            or Reminder.objects.filter(
                kind=kind, country=profile.country, contact=None, due_on=due_on
            ).exists()
        ):
            continue
        country = profile.country
        context = {
            "kind": kind.value,
            "days_left": (due_on - today).days,
            "page": _link(country.get_absolute_url()),
        }
        if _send_once(kind=kind, country=country, due_on=due_on, template="stale", context=context):
            sent[kind.value] += 1
    numbers = Contact.objects.filter(available_24_7=True).select_related("country")
    for contact in numbers.order_by("country", "pk"):
        due_on = test_call_due_on(contact)
        if (
            due_on > today
            or Reminder.objects.filter(
                kind=ReminderKind.TEST_CALL, contact=contact, due_on=due_on
            ).exists()
        ):
            continue
        context = {
            "last": contact.last_test_call,
            "page": _link(
                reverse("currency:test_call_add", args=[contact.country.slug, contact.pk])
            ),
        }
        if _send_once(
            kind=ReminderKind.TEST_CALL,
            country=contact.country,
            contact=contact,
            due_on=due_on,
            template="test_call",
            context=context,
        ):
            sent[ReminderKind.TEST_CALL.value] += 1
    for kind, country, current in _round_due(today):
        context = {
            "kind": kind.value,
            "title": current.title,
            "deadline": current.deadline,
            "page": _link(country.get_absolute_url()),
        }
        if _send_once(
            kind=kind, country=country, due_on=current.deadline, template="round", context=context
        ):
            sent[kind.value] += 1
    return sent


ROUND_LAST_CALL_DAYS = 7


def _round_due(today: date):
    """(kind, state, round) for each state that has not answered the open round: told when it
    opens, 7 days before the deadline, and once the deadline has passed."""
    current = UpdateRound.objects.filter(closed_at__isnull=True).first()
    if current is None:
        return
    left = (current.deadline - today).days
    kind = (
        ReminderKind.ROUND_OVERDUE
        if left < 0
        else ReminderKind.ROUND_7
        if left <= ROUND_LAST_CALL_DAYS
        else ReminderKind.ROUND_OPEN
    )
    for country in Country.objects.select_related("profile").order_by("code"):
        if current.done(country.profile_or_none):
            continue
        if Reminder.objects.filter(
            kind=kind, country=country, contact=None, due_on=current.deadline
        ).exists():
            continue
        yield kind, country, current


class RoundError(ValueError):
    """A round that cannot be opened or closed; the message says why."""


@transaction.atomic
def round_open(
    *, title: str, deadline: date | None, by: User, request: HttpRequest | None = None
) -> UpdateRound:
    """Open an update round; every state's correspondents are reminded by the daily job."""
    if not title.strip():
        raise RoundError(gettext("Give the round a title."))
    if deadline is None:
        raise RoundError(gettext("Give the round a deadline."))
    if deadline <= timezone.localdate():
        raise RoundError(gettext("The deadline must be after today."))
    if UpdateRound.objects.select_for_update().filter(closed_at__isnull=True).exists():
        raise RoundError(gettext("A round is already open: close it first."))
    current = UpdateRound.objects.create(title=title.strip(), deadline=deadline, opened_by=by)
    audit_record(
        action=AuditAction.ROUND_OPENED,
        actor=by,
        request=request,
        target=current,
        detail=f"deadline {deadline:%Y-%m-%d}",
    )
    return current


@transaction.atomic
def round_close(*, current: UpdateRound, by: User, request: HttpRequest | None = None) -> None:
    locked = UpdateRound.objects.select_for_update().get(pk=current.pk)
    if not locked.is_open:
        raise RoundError(gettext("This round is already closed."))
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    audit_record(action=AuditAction.ROUND_CLOSED, actor=by, request=request, target=locked)


# Readers report a problem ---------------------------------------------------------------------
class ReportError(ValueError):
    """A report or a resolution that cannot be accepted; the message says why."""


def _mail_each(people: list[User], *, template: str, context: dict) -> None:
    """Send one message per person after commit, in their language: links only, nobody sees
    the others."""
    mail_send(
        [Recipient.of(person) for person in people],
        template=f"currency/email/{template}",
        context=context,
    )


def _subject_code(report: ProblemReport) -> str:
    if report.contact_id:
        return f"contact {report.contact_id}"
    if report.instrument_id:
        return f"instrument {report.instrument.code}"
    return report.question


def _keepers(country: Country, *, legal: bool = False) -> list[User]:
    """Who is told of a report: the state's correspondents and the secretariat; for a state's
    standing under an instrument, the secretariat who keeps it (one message per address)."""
    people = [] if legal else [u for u in correspondents_of(country) if u.is_active]
    people += User.objects.filter(role=Role.SECRETARIAT, is_active=True)
    by_address = {u.email: u for u in people if u.email}
    return [by_address[address] for address in sorted(by_address)]


def _current_version(report: ProblemReport) -> int:
    if report.contact_id:
        return Contact.objects.get(pk=report.contact_id).version
    if report.instrument_id:
        party = Party.objects.filter(
            instrument_id=report.instrument_id, country_id=report.country_id
        ).first()
        return party.version if party else 0
    profile = Profile.objects.filter(country_id=report.country_id).first()
    return profile.version if profile else 0


@transaction.atomic
def problem_report(
    *,
    country: Country,
    kind: str,
    comment: str,
    by: User,
    question: str = "",
    contact: Contact | None = None,
    instrument: Instrument | None = None,
    request: HttpRequest | None = None,
) -> ProblemReport:
    """Record a reader's report on one answer, one contact point or the state's standing under
    one instrument, and tell its keepers."""
    if not comment.strip():
        raise ReportError(gettext("Say what is wrong, in a comment."))
    if [bool(question), contact is not None, instrument is not None].count(True) != 1:
        raise ReportError(
            gettext("A report is about one answer, one contact point or one instrument.")
        )
    if question and question not in schema.QUESTIONS:
        raise ReportError(gettext("There is no such question in the profile."))
    if contact is not None and contact.country_id != country.pk:
        raise ReportError(gettext("That contact point belongs to another state."))
    if kind not in ProblemKind.values or (kind == ProblemKind.NO_ANSWER and contact is None):
        raise ReportError(gettext("Choose what is wrong."))
    report = ProblemReport(
        country=country,
        question=question,
        contact=contact,
        instrument=instrument,
        kind=kind,
        comment=comment.strip(),
    )
    report.by = by
    report.version_reported = _current_version(report)
    report.save()
    audit_record(
        action=AuditAction.PROBLEM_REPORTED,
        actor=by,
        request=request,
        target=report,
        country=country.code.code,
        detail=f"{kind} on {_subject_code(report)}",
    )
    _mail_each(
        _keepers(country, legal=instrument is not None),
        template="report",
        context={
            "country_name": _name_of(country),
            "page": _link(reverse("currency:report_detail", args=[report.pk])),
        },
    )
    return report


RESOLVED_BY_VERSION, RESOLVED_BY_ANSWER = "version", "answer"


@transaction.atomic
def problem_resolve(
    *,
    report: ProblemReport,
    how: str,
    answer: str,
    by: User,
    request: HttpRequest | None = None,
) -> ProblemReport:
    """Close a report by hand: by a new version saved since it was made (one saved before
    versions closed reports themselves, or in another section), or by a written answer."""
    locked = ProblemReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_open:
        raise ReportError(gettext("This report is already resolved."))
    if how == RESOLVED_BY_VERSION:
        current = _current_version(locked)
        if current <= locked.version_reported:
            raise ReportError(
                gettext(
                    "No new version has been saved since the report (it was made on version "
                    "%(version)s). Save the correction first, or answer instead."
                )
                % {"version": locked.version_reported}
            )
        return _resolved(locked, by=by, version=current, answer=answer, request=request)
    if how == RESOLVED_BY_ANSWER:
        if not answer.strip():
            raise ReportError(gettext("Write the answer to the reader."))
        return _resolved(locked, by=by, version=None, answer=answer, request=request)
    raise ReportError(gettext("Choose how the report is resolved."))


def _resolved(
    locked: ProblemReport,
    *,
    by: User,
    version: int | None,
    answer: str,
    request: HttpRequest | None = None,
) -> ProblemReport:
    """Write a resolution (the report row locked by the caller), audit it, tell the reader."""
    locked.answer = answer.strip()
    locked.resolved_at = timezone.now()
    locked.resolved_by = by
    locked.resolved_version = version
    locked.save()
    audit_record(
        action=AuditAction.PROBLEM_RESOLVED,
        actor=by,
        request=request,
        target=locked,
        country=locked.country.code.code,
        detail=f"by version {version}" if version is not None else "by answer",
    )
    if locked.by_id and locked.by.email and locked.by.is_active:
        _mail_each(
            [locked.by],
            template="resolved",
            context={
                "country_name": _name_of(locked.country),
                "page": _link(reverse("currency:report_detail", args=[locked.pk])),
            },
        )
    return locked


SECTION_OF_COLUMN = {column: section for section in schema.SECTIONS for column in section.columns}


def problem_reports_resolve_by_version(
    *, country: Country, record: Profile | Contact, columns: tuple[str, ...], by: User
) -> list[ProblemReport]:
    """Close the open reports a new version answers, in the version's own transaction: every
    report on a contact point when it is saved again, and every report on an answer when a
    version changes the section that answer is in. Audited, and the reader told, as by hand."""
    reports = ProblemReport.objects.select_for_update(of=("self",)).filter(
        country=country, resolved_at__isnull=True
    )
    if isinstance(record, Contact):
        reports = reports.filter(contact=record)
    else:
        sections = {SECTION_OF_COLUMN[c] for c in columns if c in SECTION_OF_COLUMN}
        reports = reports.filter(
            question__in=[q.key for section in sections for q in section.questions]
        )
    return [
        _resolved(report, by=by, version=record.version, answer="")
        for report in reports.select_related("country", "by").order_by("pk")
    ]


def on_version_saved(sender, *, country, record, columns, by, **kwargs) -> None:
    """Receiver of countries.signals.version_saved (connected in CurrencyConfig.ready)."""
    problem_reports_resolve_by_version(country=country, record=record, columns=columns, by=by)


# Watching states ------------------------------------------------------------------------------
@transaction.atomic
def watch_start(*, user: User, country: Country) -> Watch:
    """Follow a state (again: a second start keeps the first). Not audited: what an official
    follows is theirs, and no one else's business."""
    watch, _ = Watch.objects.get_or_create(user=user, country=country)
    return watch


@transaction.atomic
def watch_stop(*, user: User, country: Country) -> None:
    Watch.objects.filter(user=user, country=country).delete()


def watch_digests_send(*, today: date | None = None) -> dict[str, int]:
    """Run daily: e-mail each active watcher the watched states that changed since their last
    digest (or since they began to watch), once a day at most, and nothing when nothing changed.
    The e-mail names the states and the sections that changed, with links: never an answer."""
    today = today or timezone.localdate()
    until = timezone.now()
    sent = {"digests": 0, "states": 0}
    watchers = (
        User.objects.filter(is_active=True, watches__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    for user in watchers:
        if Digest.objects.filter(user=user, sent_on=today).exists():
            continue
        last = user.digests.order_by("-sent_at").values_list("sent_at", flat=True).first()
        watches = user.watches.select_related("country").order_by("country")
        changed = [changes_since(w.country, watch_since(w, last), until) for w in watches]
        changed = [found for found in changed if found]
        if not changed:
            continue
        context = {
            "last": last,
            "states": [
                {
                    "name": _name_of(found.country),
                    # joined when each message is rendered, in its reader's language
                    "sections": format_lazy(
                        ", ".join("{}" for _ in found.sections), *found.sections
                    ),
                    "changes": _link(found.diff_url),
                    "page": _link(found.country.get_absolute_url()),
                }
                for found in changed
            ],
            "watching": _link(reverse("currency:watching")),
        }
        try:
            with transaction.atomic():
                Digest.objects.create(user=user, sent_on=today, sent_at=until, states=len(changed))
                _mail_each([user], template="digest", context=context)
        except IntegrityError:  # sent already today, by a run alongside
            continue
        sent["digests"] += 1
        sent["states"] += len(changed)
    return sent
