from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from handbook.forms import DateInput, one_newline

REACHED_CHOICES = [("yes", "Yes, someone answered"), ("no", "No, nobody answered")]


class CallRecordForm(forms.Form):
    """Record a test call of a 24/7 number."""

    called_on = forms.DateField(
        label="Date of the call",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the call, for example 2026-10-25.",
            "invalid": "Enter the date of the call, for example 2026-10-25.",
        },
    )
    reached = forms.ChoiceField(
        label="Did the call reach someone?",
        choices=REACHED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the call reached someone."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What happened: who answered, in which language, how long it took. "
        "Required when nobody answered.",
    )

    def clean_called_on(self) -> date:
        called_on = self.cleaned_data["called_on"]
        if called_on > timezone.localdate():
            raise forms.ValidationError("The date of the call cannot be in the future.")
        return called_on

    def clean_note(self) -> str:
        return one_newline(self.cleaned_data["note"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reached") == "no" and not data.get("note"):
            self.add_error("note", "Say what happened when nobody answered.")
        return data

    @property
    def reached_someone(self) -> bool:
        return self.cleaned_data["reached"] == "yes"
