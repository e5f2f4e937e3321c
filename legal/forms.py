from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from countries import schema
from countries.forms import VersionedForm
from countries.models import DEFAULT_CONTENT_LANGUAGE, content_language_valid
from handbook.forms import DateInput

from .models import CHECKED, Declaration, DeclarationKind, Instrument, Party, PartyStatus

RESERVED_CODES = {"add", "states", "declarations"}  # the legal pages' own paths


class WrittenIn:
    """A form whose typed fields (`typed`) are in a language: the browser spell-checks them,
    and a screen reader reads them back, in it. A party's and a declaration's are their
    instrument's (`PartyForm.written_in(instrument.content_language)`)."""

    typed: tuple[str, ...] = ()
    lang = DEFAULT_CONTENT_LANGUAGE

    @classmethod
    def written_in(cls, lang: str) -> type:
        return type(cls.__name__, (cls,), {"lang": lang})

    def mark_typed(self, lang: str) -> None:
        for name in self.typed:
            self.fields[name].widget.attrs["lang"] = lang


SOURCE_HELP = _("A link to the page that says so: treaty office, official journal, depositary.")


class PartyForm(WrittenIn, VersionedForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=PartyStatus.choices,
        widget=forms.RadioSelect,
        help_text=_("“Not known” until a source says; a correspondent's claim stays a claim."),
    )
    since = forms.DateField(
        label=_("Since"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Enter the date as the source gives it, e.g. 2008-01-01.")},
        help_text=_(
            "The date the source gives (ratification, accession or entry into force); "
            "say which in the note."
        ),
    )
    source_url = forms.URLField(
        label=_("Source"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=SOURCE_HELP,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    columns = Party.CONTENT_FIELDS
    typed = ("note",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_typed(self.lang)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") in CHECKED and not data.get("source_url"):
            self.add_error("source_url", _("Give the source of a checked status."))
        return data


class DeclarationForm(WrittenIn, VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DeclarationKind.choices)
    article = forms.CharField(
        label=_("Article"), max_length=100, required=False, help_text=_("E.g. art. 18(4).")
    )
    text = forms.CharField(
        label=_("What it says"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. the authority designated, or the article declared not binding."),
    )
    source_url = forms.URLField(
        label=_("Source"), max_length=500, assume_scheme="https", help_text=SOURCE_HELP
    )

    columns = Declaration.CONTENT_FIELDS
    typed = ("article", "text")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_typed(self.lang)


class InstrumentForm(WrittenIn, VersionedForm):
    content_language = forms.ChoiceField(
        label=_("Language this record is written in"),
        choices=schema.LANGUAGE_CHOICES,
        initial=DEFAULT_CONTENT_LANGUAGE,
        help_text=_(
            "The titles, the note, and the notes and declarations of every state under this "
            "instrument are shown as they were written, in this language, for every reader; "
            "screen readers then read them in it. One language for all of the instrument's "
            "records."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    short_title = forms.CharField(
        label=_("Short title"), max_length=100, help_text=_("As the route brief names it.")
    )
    title_fr = forms.CharField(
        label=_("French title (official)"),
        max_length=300,
        required=False,
        help_text=_("As the Council of Europe, the EU or the UN publishes it in French, if any."),
    )
    short_title_fr = forms.CharField(
        label=_("French short title (official)"),
        max_length=200,
        required=False,
        help_text=_("Shown to French readers in place of the short title; empty for none."),
    )
    article = forms.CharField(
        label=_("Article on controlled delivery"), max_length=100, required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Instrument._meta.get_field("kind").choices)
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=Instrument._meta.get_field("scope").choices,
        help_text=_("For a bilateral agreement: only the states recorded."),
    )
    text_url = forms.URLField(
        label=_("Official text"), max_length=500, required=False, assume_scheme="https"
    )
    status_url = forms.URLField(
        label=_("Official list of parties"), max_length=500, required=False, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        initial=100,
        help_text=_("Where it is listed; lower comes first."),
    )

    columns = (
        "content_language",
        "title",
        "short_title",
        "title_fr",
        "short_title_fr",
        "article",
        "kind",
        "scope",
        "text_url",
        "status_url",
        "note",
        "order",
    )
    typed = ("title", "short_title", "article", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = self["content_language"].value()  # as chosen, when the form comes back
        if not content_language_valid(lang):
            lang = DEFAULT_CONTENT_LANGUAGE
        self.mark_typed(lang)
        for name in ("title_fr", "short_title_fr"):
            self.fields[name].widget.attrs["lang"] = "fr"


class NewInstrumentForm(InstrumentForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A short name for links, e.g. fr-ch-police-2007 (letters, digits, hyphens)."),
    )

    field_order = ["code"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].lower()
        if code in RESERVED_CODES:
            raise forms.ValidationError(_("This short name is taken by a page: choose another."))
        if Instrument.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An instrument with this short name exists already."))
        return code

    def changes(self) -> dict[str, Any]:
        return {**super().changes(), "code": self.cleaned_data["code"]}
