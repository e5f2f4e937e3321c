"""The legal basis pages: every reader sees the instruments and each state's standing, with
sources; the secretariat edits them (countries.access.require_legal_editor)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from countries.access import can_edit_legal_basis, get_country, require_legal_editor
from countries.editing import versioned_edit
from countries.forms import ReasonForm
from countries.history import Column
from countries.models import Country, language_name
from countries.services import StaleEditError

from . import services
from .basis import Standings
from .forms import DeclarationForm, InstrumentForm, NewInstrumentForm, PartyForm
from .history import declaration_record, instrument_record, party_record
from .models import Declaration, DeclarationKind, Instrument, Party, PartyStatus


def _text(value) -> str:
    return str(value or "").strip() or "—"


def _choice(choices):
    names = dict(choices)
    return lambda value: str(names.get(value, value or "—"))


PARTY_COLUMNS = {
    "status": Column("", _("Status"), _choice(PartyStatus.choices)),
    "since": Column("", _("Since"), lambda v: v.isoformat() if v else "—"),
    "source_url": Column("", _("Source"), _text),
    "note": Column("", _("Note"), _text, typed=True),
}
DECLARATION_COLUMNS = {
    "kind": Column("", _("Kind"), _choice(DeclarationKind.choices)),
    "article": Column("", _("Article"), _text, typed=True),
    "text": Column("", _("What it says"), _text, typed=True),
    "source_url": Column("", _("Source"), _text),
}
# An instrument's columns are named as its form names its fields; what the secretariat typed
# is in the record's language (the official French titles are the portal's to show, in French).
INSTRUMENT_COLUMNS = {
    name: Column(
        "", InstrumentForm.base_fields[name].label, _text, typed=name in InstrumentForm.typed
    )
    for name in InstrumentForm.columns
}
INSTRUMENT_COLUMNS["content_language"] = Column(
    "", InstrumentForm.base_fields["content_language"].label, language_name
)


def instrument_list(request: HttpRequest) -> HttpResponse:
    context = {
        "instruments": Instrument.objects.all(),
        "can_edit": can_edit_legal_basis(request.user),
    }
    return render(request, "legal/instrument_list.html", context)


def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The instrument and every participating state's standing under it (four queries)."""
    instrument = get_object_or_404(Instrument, code=code)
    countries = sorted(Country.objects.all(), key=lambda c: c.name)
    standings = Standings(countries, instruments=[instrument])
    rows = [(country, standings.of(country, instrument)) for country in countries]
    context = {
        "instrument": instrument,
        "rows": rows,
        "can_edit": can_edit_legal_basis(request.user),
    }
    return render(request, "legal/instrument_detail.html", context)


def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One state's standing under every instrument."""
    country = get_country(code)
    standings = Standings([country])
    context = {
        "country": country,
        "rows": [(i, standings.of(country, i)) for i in standings.instruments],
        "can_edit": can_edit_legal_basis(request.user),
    }
    return render(request, "legal/state_detail.html", context)


def party_detail(request: HttpRequest, code: str, state: str) -> HttpResponse:
    """One state's record under one instrument: its standing, declarations and history."""
    instrument = get_object_or_404(Instrument, code=code)
    country = get_country(state)
    standing = Standings([country], instruments=[instrument]).of(country, instrument)
    party = Party.objects.filter(instrument=instrument, country=country).first()
    history = party.history.select_related("history_user").order_by("-history_id") if party else []
    context = {
        "instrument": instrument,
        "country": country,
        "standing": standing,
        "party": party,
        "history": history,
        "can_edit": can_edit_legal_basis(request.user),
    }
    return render(request, "legal/party_detail.html", context)


@require_http_methods(["GET", "POST"])
def instrument_add(request: HttpRequest) -> HttpResponse:
    require_legal_editor(request.user)
    form = NewInstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        instrument = services.instrument_create(
            data=form.changes(),
            by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, gettext("%(instrument)s added.") % {"instrument": instrument})
        return redirect(instrument)
    return render(request, "legal/instrument_form.html", {"form": form, "instrument": None})


@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, code: str) -> HttpResponse:
    require_legal_editor(request.user)
    instrument = get_object_or_404(Instrument, code=code)

    def save(**changes) -> Instrument:
        return services.instrument_update(
            instrument=instrument, by=request.user, request=request, **changes
        )

    return versioned_edit(
        request,
        form_class=InstrumentForm,
        record=instrument,
        content_language=instrument.content_language,
        record_at=lambda version: instrument_record(instrument, version),
        columns=INSTRUMENT_COLUMNS,
        save=save,
        saved=gettext("%(instrument)s saved.") % {"instrument": instrument},
        next_url=instrument.get_absolute_url(),
        template="legal/instrument_form.html",
        context={"instrument": instrument},
    )


@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, code: str, state: str) -> HttpResponse:
    require_legal_editor(request.user)
    instrument = get_object_or_404(Instrument, code=code)
    country = get_country(state)
    party = Party.objects.filter(instrument=instrument, country=country).first()

    def save(**changes) -> Party:
        return services.party_save(
            instrument=instrument, country=country, by=request.user, request=request, **changes
        )

    return versioned_edit(
        request,
        form_class=PartyForm.written_in(instrument.content_language),
        record=party,
        content_language=instrument.content_language,
        record_at=lambda version: party_record(party, version),
        columns=PARTY_COLUMNS,
        save=save,
        saved=gettext("The standing of %(state)s under %(instrument)s is saved.")
        % {"state": country.name, "instrument": instrument},
        next_url=f"{_party_url(instrument, country)}",
        template="legal/party_form.html",
        context={"instrument": instrument, "country": country, "party": party},
    )


def _party_url(instrument: Instrument, country: Country) -> str:
    return Party(instrument=instrument, country=country).get_absolute_url()


@require_http_methods(["GET", "POST"])
def declaration_add(request: HttpRequest, code: str, state: str) -> HttpResponse:
    require_legal_editor(request.user)
    party = get_object_or_404(
        Party.objects.select_related("instrument", "country"),
        instrument__code=code,
        country=get_country(state),
    )
    form = DeclarationForm.written_in(party.instrument.content_language)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.declaration_add(
            party=party,
            data=form.changes(),
            by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, gettext("Reservation or declaration added."))
        return redirect(party)
    context = {"form": form, "party": party, "declaration": None}
    return render(request, "legal/declaration_form.html", context)


def _declaration(pk: int) -> Declaration:
    return get_object_or_404(
        Declaration.objects.select_related("party__instrument", "party__country"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def declaration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_legal_editor(request.user)
    declaration = _declaration(pk)

    def save(**changes) -> Declaration:
        return services.declaration_update(
            declaration=declaration, by=request.user, request=request, **changes
        )

    return versioned_edit(
        request,
        form_class=DeclarationForm.written_in(declaration.content_language),
        record=declaration,
        content_language=declaration.content_language,
        record_at=lambda version: declaration_record(declaration, version),
        columns=DECLARATION_COLUMNS,
        save=save,
        saved=gettext("Reservation or declaration saved."),
        next_url=declaration.party.get_absolute_url(),
        template="legal/declaration_form.html",
        context={"party": declaration.party, "declaration": declaration},
    )


@require_http_methods(["GET", "POST"])
def declaration_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_legal_editor(request.user)
    declaration = _declaration(pk)
    form = ReasonForm(request.POST or None, record=declaration)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_delete(
                declaration=declaration,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except StaleEditError:
            form.add_error(None, gettext("Someone changed it meanwhile: look at it again first."))
        else:
            messages.success(request, gettext("Reservation or declaration removed."))
            return redirect(declaration.party)
    context = {"form": form, "declaration": declaration, "party": declaration.party}
    return render(request, "legal/declaration_delete.html", context)
