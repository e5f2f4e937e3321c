from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_secretariat
from handbook.fragments import content_key
from handbook.pdf import pdf_response

from . import schema, services
from .access import (
    can_edit_country,
    correspondents_of,
    get_country,
    get_country_for_edit,
)
from .editing import versioned_edit
from .forms import SECTION_FORMS, ContactForm, GrantForm, ReasonForm
from .history import (
    CONTACT_COLUMNS,
    PROFILE_COLUMNS,
    contact_changes,
    contact_record,
    profile_changes,
    profile_record,
)
from .models import (
    MEMBERSHIPS,
    Contact,
    ContactRole,
    Country,
    Profile,
    in_role_order,
    stale,
)


def country_list(request: HttpRequest) -> HttpResponse:
    membership = request.GET.get("membership")
    countries = list(
        Country.objects.with_membership(membership)
        .select_related("profile")
        .only(
            "code",
            *(field for field, _label in MEMBERSHIPS.values()),
            "profile__confirmed_at",
        )
    )
    profiles = [c.profile_or_none for c in countries]
    stale = [p.pk for p in profiles if p is not None and p.is_stale]
    context = {
        # Sorted by name (translated) only when the table is not in the cache.
        "countries": SimpleLazyObject(lambda: sorted(countries, key=lambda c: c.name)),
        "table_key": content_key(*countries, *profiles, membership=membership, stale=stale),
        "membership": membership if membership in MEMBERSHIPS else "",
        "memberships": [(key, label) for key, (_, label) in MEMBERSHIPS.items()],
    }
    return render(request, "countries/list.html", context)


def _contacts(country: Country) -> list[Contact]:
    """The state's contact points in role order, kept on `country` for the answers naming one."""
    prefetch_related_objects([country], "contacts")
    return in_role_order(country.contacts.all())


def _sections(country: Country) -> list[dict]:
    profile = country.profile_or_none
    prefetch_related_objects([country], "contacts")  # named by answers
    return [
        {
            "section": section,
            "rows": [
                (q, q.answer(profile) if profile else schema.NOT_KNOWN) for q in section.questions
            ],
            "note": getattr(profile, section.note_html_key, "") if profile else "",
        }
        for section in schema.SECTIONS
    ]


def _call_now(country: Country, contacts: list[Contact]) -> dict:
    """What an officer needs first, at any hour: whom to call now, and who authorises."""
    profile = country.profile_or_none
    question = schema.QUESTIONS["authority_incoming"]
    return {
        "round_the_clock": [c for c in contacts if c.available_24_7],
        "authority": (question, question.answer(profile) if profile else schema.NOT_KNOWN),
        "authorising": [c for c in contacts if c.role == ContactRole.JUDICIAL],
    }


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    # The profile, contact points and open reports are shown in cached parts only: the database
    # digests them for the parts' key, and they are loaded only to render a part not in the cache.
    country = get_country(code, Country.objects.digested("contacts", "problem_reports"))
    contacts = SimpleLazyObject(lambda: _contacts(country))
    can_edit = can_edit_country(request.user, country)
    context = {
        "country": country,
        "has_profile": country.profile_digest is not None,
        # The key of every part showing no more than these rows (call now, status, notes, sections).
        "page_key": content_key(
            country,
            profile=country.profile_digest,
            contacts=country.contacts_digest,
            reports=country.problem_reports_digest,
            stale=stale(country.profile_confirmed_at),
            can_edit=can_edit,
            today=timezone.localdate(),
        ),
        # Loaded and rendered only when their part is not in the cache.
        "profile": SimpleLazyObject(lambda: country.profile_or_none),
        "sections": SimpleLazyObject(lambda: _sections(country)),
        "contacts": contacts,
        "call_now": SimpleLazyObject(lambda: _call_now(country, contacts)),
        "local_time": country.local_time,
        "can_edit": can_edit,
    }
    return render(request, "countries/detail.html", context)


def country_pdf(request: HttpRequest, code: str) -> HttpResponse:
    country = get_country(code)
    context = {
        "country": country,
        "profile": country.profile_or_none,
        "sections": _sections(country),
        "contacts": _contacts(country),
    }
    return pdf_response(
        request,
        template="pdf/country.html",
        context=context,
        filename=f"handbook-{country.slug}.pdf",
        what=f"profile {country.code.code}",
        country=country.code.code,
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, code: str, section: str) -> HttpResponse:
    country = get_country_for_edit(request.user, code)
    if section not in SECTION_FORMS:
        raise Http404
    form_class = SECTION_FORMS[section]

    def save(**changes) -> Profile:
        return services.profile_update(country=country, by=request.user, **changes)

    return versioned_edit(
        request,
        form_class=form_class.for_contacts(in_role_order(country.contacts.all())),
        record=country.profile_or_none,
        record_at=lambda version: profile_record(country, version),
        columns=PROFILE_COLUMNS,
        save=save,
        saved=gettext("%(section)s saved.") % {"section": form_class.section.title},
        next_url=f"{country.get_absolute_url()}#{section}",
        template="countries/profile_edit.html",
        context={"country": country, "section": form_class.section},
    )


@require_POST
def profile_confirm(request: HttpRequest, code: str) -> HttpResponse:
    country = get_country_for_edit(request.user, code)
    if country.profile_or_none is None:
        raise Http404
    services.profile_confirm(country=country, by=request.user, request=request)
    messages.success(
        request,
        gettext("The profile of %(state)s is confirmed as current.") % {"state": country.name},
    )
    return redirect(country)


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, code: str) -> HttpResponse:
    country = get_country_for_edit(request.user, code)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_create(
            country=country,
            data=form.changes(),
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, gettext("Contact point added."))
        return redirect(f"{country.get_absolute_url()}#contacts")
    return render(request, "countries/contact_form.html", {"country": country, "form": form})


def _contact_for_edit(request: HttpRequest, code: str, pk: int) -> tuple[Country, Contact]:
    country = get_country_for_edit(request.user, code)
    return country, get_object_or_404(Contact, pk=pk, country=country)


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    country, contact = _contact_for_edit(request, code, pk)

    def save(**changes) -> Contact:
        return services.contact_update(contact=contact, by=request.user, **changes)

    return versioned_edit(
        request,
        form_class=ContactForm,
        record=contact,
        record_at=lambda version: contact_record(contact, version),
        columns=CONTACT_COLUMNS,
        save=save,
        saved=gettext("Contact point saved."),
        next_url=f"{country.get_absolute_url()}#contacts",
        template="countries/contact_form.html",
        context={"country": country, "contact": contact},
        content_language=country.content_language,
    )


@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    country, contact = _contact_for_edit(request, code, pk)
    form = ReasonForm(request.POST or None, record=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_delete(
                contact=contact,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEditError:
            messages.error(
                request, gettext("This contact point was changed meanwhile: check it first.")
            )
            return redirect(f"{country.get_absolute_url()}#contacts")
        messages.success(request, gettext("Contact point removed."))
        return redirect(f"{country.get_absolute_url()}#contacts")
    context = {"country": country, "contact": contact, "form": form}
    return render(request, "countries/contact_delete.html", context)


def history(request: HttpRequest, code: str) -> HttpResponse:
    country = get_country(code)
    versions = list(
        Profile.history.filter(country=country)
        .select_related("history_user")
        .order_by("-history_id")
    )
    records = list(
        Contact.history.filter(country=country)
        .select_related("history_user")
        .order_by("id", "history_id")
    )
    previous: dict[int, object] = {}
    contact_events = []
    lang = country.content_language
    for record in records:
        changes = contact_changes(previous.get(record.id), record, lang=lang)
        contact_events.append((record, changes))
        previous[record.id] = record
    contact_events.sort(key=lambda event: event[0].history_id, reverse=True)
    context = {
        "country": country,
        "versions": versions,
        "contact_events": contact_events,
        "can_edit": can_edit_country(request.user, country),
        "current_version": versions[0].version if versions else 0,
    }
    return render(request, "countries/history.html", context)


def _record(country: Country, history_id: str | int | None):
    if history_id is None or not (str(history_id).isascii() and str(history_id).isdigit()):
        raise Http404
    return get_object_or_404(Profile.history, country=country, history_id=history_id)


def diff(request: HttpRequest, code: str) -> HttpResponse:
    country = get_country(code)
    first, second = _record(country, request.GET.get("a")), _record(country, request.GET.get("b"))
    older, newer = sorted([first, second], key=lambda r: r.history_id)
    context = {
        "country": country,
        "older": older,
        "newer": newer,
        "changes": profile_changes(older, newer),
    }
    return render(request, "countries/diff.html", context)


@require_http_methods(["GET", "POST"])
def revert(request: HttpRequest, code: str, history_id: int) -> HttpResponse:
    country = get_country_for_edit(request.user, code)
    record = _record(country, history_id)
    current = country.profile_or_none
    form = ReasonForm(request.POST or None, record=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_revert(
                country=country,
                record_id=record.history_id,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEditError:
            messages.error(
                request, gettext("The profile changed meanwhile: review the differences again.")
            )
            return redirect("countries:revert", code=country.slug, history_id=record.history_id)
        messages.success(
            request,
            gettext("Version %(version)s restored as a new version.") % {"version": record.version},
        )
        return redirect("countries:history", code=country.slug)
    context = {
        "country": country,
        "record": record,
        "form": form,
        "changes": profile_changes(current, record),
    }
    return render(request, "countries/revert.html", context)


@require_http_methods(["GET", "POST"])
def correspondents(request: HttpRequest, code: str) -> HttpResponse:
    """The secretariat grants and withdraws the right to keep a state's profile."""
    require_secretariat(request.user)
    country = get_country(code)
    holders = correspondents_of(country)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, action = form.cleaned_data["user"], form.cleaned_data["action"]
        if action == "grant":
            services.correspondent_grant(
                country=country, user=user, by=request.user, request=request
            )
            messages.success(
                request,
                gettext("%(user)s may now keep the profile of %(state)s.")
                % {"user": user, "state": country.name},
            )
        else:
            services.correspondent_withdraw(
                country=country, user=user, by=request.user, request=request
            )
            messages.success(
                request,
                gettext("%(user)s may no longer change %(state)s.")
                % {"user": user, "state": country.name},
            )
        return redirect("countries:correspondents", code=country.slug)
    candidates = [u for u in form.fields["user"].queryset if u not in holders]
    context = {"country": country, "holders": holders, "candidates": candidates, "form": form}
    return render(request, "countries/correspondents.html", context)
