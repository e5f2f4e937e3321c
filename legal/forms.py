from typing import Any

from django import forms

from countries.forms import VersionedForm
from handbook.forms import DateInput

from .models import CHECKED, Declaration, DeclarationKind, Instrument, Party, PartyStatus

RESERVED_CODES = {"add", "states", "declarations"}  # the legal pages' own paths
SOURCE_HELP = "A link to the page that says so: treaty office, official journal, depositary."


class PartyForm(VersionedForm):
    status = forms.ChoiceField(
        choices=PartyStatus.choices,
        widget=forms.RadioSelect,
        help_text="“Not known” until a source says; a correspondent's claim stays a claim.",
    )
    since = forms.DateField(
        label="Since",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the date as the source gives it, e.g. 2008-01-01."},
        help_text="The date the source gives (ratification, accession or entry into force); "
        "say which in the note.",
    )
    source_url = forms.URLField(
        label="Source", max_length=500, required=False, assume_scheme="https", help_text=SOURCE_HELP
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    columns = Party.CONTENT_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") in CHECKED and not data.get("source_url"):
            self.add_error("source_url", "Give the source of a checked status.")
        return data


class DeclarationForm(VersionedForm):
    kind = forms.ChoiceField(choices=DeclarationKind.choices)
    article = forms.CharField(max_length=100, required=False, help_text="E.g. art. 18(4).")
    text = forms.CharField(
        label="What it says",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="E.g. the authority designated, or the article declared not binding.",
    )
    source_url = forms.URLField(
        label="Source", max_length=500, assume_scheme="https", help_text=SOURCE_HELP
    )

    columns = Declaration.CONTENT_FIELDS


class InstrumentForm(VersionedForm):
    title = forms.CharField(max_length=300)
    short_title = forms.CharField(max_length=100, help_text="As the route brief names it.")
    article = forms.CharField(
        label="Article on controlled delivery", max_length=100, required=False
    )
    kind = forms.ChoiceField(choices=Instrument._meta.get_field("kind").choices)
    scope = forms.ChoiceField(
        choices=Instrument._meta.get_field("scope").choices,
        help_text="For a bilateral agreement: only the states recorded.",
    )
    text_url = forms.URLField(
        label="Official text", max_length=500, required=False, assume_scheme="https"
    )
    status_url = forms.URLField(
        label="Official list of parties", max_length=500, required=False, assume_scheme="https"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(
        min_value=0, initial=100, help_text="Where it is listed; lower comes first."
    )

    columns = (
        "title",
        "short_title",
        "article",
        "kind",
        "scope",
        "text_url",
        "status_url",
        "note",
        "order",
    )


class NewInstrumentForm(InstrumentForm):
    code = forms.SlugField(
        max_length=40,
        help_text="A short name for links, e.g. fr-ch-police-2007 (letters, digits, hyphens).",
    )

    field_order = ["code"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].lower()
        if code in RESERVED_CODES:
            raise forms.ValidationError("This short name is taken by a page: choose another.")
        if Instrument.objects.filter(code=code).exists():
            raise forms.ValidationError("An instrument with this short name exists already.")
        return code

    def changes(self) -> dict[str, Any]:
        return {**super().changes(), "code": self.cleaned_data["code"]}
