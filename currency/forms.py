from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from handbook.forms import DateInput, one_newline

from .models import ProblemKind

REACHED_CHOICES = [("yes", _("Yes, someone answered")), ("no", _("No, nobody answered"))]


class CallRecordForm(forms.Form):
    """Record a test call of a 24/7 number."""

    called_on = forms.DateField(
        label=_("Date of the call"),
        widget=DateInput,
        initial=timezone.localdate,
        error_messages={
            "required": _("Enter the date of the call, for example 2026-10-25."),
            "invalid": _("Enter the date of the call, for example 2026-10-25."),
        },
    )
    reached = forms.ChoiceField(
        label=_("Did the call reach someone?"),
        choices=REACHED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the call reached someone.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What happened: who answered, in which language, how long it took. "
            "Required when nobody answered."
        ),
    )

    def clean_called_on(self) -> date:
        called_on = self.cleaned_data["called_on"]
        if called_on > timezone.localdate():
            raise forms.ValidationError(_("The date of the call cannot be in the future."))
        return called_on

    def clean_note(self) -> str:
        return one_newline(self.cleaned_data["note"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reached") == "no" and not data.get("note"):
            self.add_error("note", _("Say what happened when nobody answered."))
        return data

    @property
    def reached_someone(self) -> bool:
        return self.cleaned_data["reached"] == "yes"


class ReportForm(forms.Form):
    """A reader reports a problem with one answer or one contact point."""

    kind = forms.ChoiceField(
        label=_("What is wrong?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you found, and where the right information is if you know."),
        error_messages={"required": _("Say what is wrong, in a comment.")},
    )

    def __init__(self, *args, on_contact: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = ProblemKind.choices
        if not on_contact:
            choices = [c for c in choices if c[0] != ProblemKind.NO_ANSWER]
        self.fields["kind"].choices = choices

    def clean_comment(self) -> str:
        comment = one_newline(self.cleaned_data["comment"]).strip()
        if not comment:
            raise forms.ValidationError(_("Say what is wrong, in a comment."))
        return comment


class ResolveForm(forms.Form):
    """A correspondent closes a report, by a new version or by an answer."""

    how = forms.ChoiceField(
        label=_("How was it resolved?"),
        choices=[
            ("version", _("Corrected: a new version has been saved")),
            ("answer", _("Answered: the entry is right, or here is why")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the report is resolved.")},
    )
    answer = forms.CharField(
        label=_("Answer to the reader"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you answer; optional with a new version."),
    )

    def clean_answer(self) -> str:
        return one_newline(self.cleaned_data["answer"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("how") == "answer" and not data.get("answer"):
            self.add_error("answer", _("Write the answer to the reader."))
        return data


class RoundForm(forms.Form):
    """The secretariat opens an update round."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        initial=_("Annual review"),
        error_messages={"required": _("Give the round a title.")},
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput,
        help_text=_("The day by which every state confirms or updates its entry."),
        error_messages={
            "required": _("Give the round a deadline."),
            "invalid": _("Enter the deadline as a date, for example 2027-03-31."),
        },
    )

    def clean_deadline(self) -> date:
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must be after today."))
        return deadline


class WatchForm(forms.Form):
    """Pick a state to watch, on the watched states page."""

    country = forms.ModelChoiceField(
        queryset=None,
        label=_("State to watch"),
        empty_label=_("Choose a state"),
        error_messages={
            "required": _("Choose the state to watch."),
            "invalid_choice": _("Choose one of the states listed."),
        },
    )

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        field.queryset = countries
        field.choices = [("", _("Choose a state"))] + sorted(
            ((c.pk, c.name) for c in countries), key=lambda choice: choice[1]
        )
