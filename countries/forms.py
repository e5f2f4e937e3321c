from collections.abc import Iterable
from typing import Any

import phonenumbers
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from handbook.forms import one_newline

from . import schema
from .history import CONTACT_LABELS, LANGUAGE_COLUMN, LANGUAGE_LABEL
from .models import DEFAULT_CONTENT_LANGUAGE, Contact, SecureChannel, content_language_valid
from .notes import NOTE_HELP, render_note
from .schema import shows_typed_text


def phone_e164(raw: str) -> str:
    """A phone number checked with libphonenumber and stored in E.164 ("" stays "")."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        raise forms.ValidationError(
            gettext(
                "Enter the number in international format, starting with + and the country code."
            )
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(gettext("This is not a valid phone number for its country."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def contact_choice_label(contact: Contact) -> str:
    """A contact point as an option: its names as written, and its number."""
    label = schema.contact_label(contact)
    return f"{label} ({contact.phone_display})" if contact.phone else label


def contact_choices(contacts: Iterable[Contact]) -> list:
    """Options grouped by role: the role in the reader's language (the group's label), each
    contact point's names as its correspondent wrote them (the options, ContentSelect)."""
    groups: dict[str, list] = {}
    for contact in contacts:
        groups.setdefault(contact.get_role_display(), []).append(
            (contact.pk, contact_choice_label(contact))
        )
    return [("", gettext("Not known")), *groups.items()]


class ContentSelect(forms.Select):
    """A select whose options, other than the empty one, are content written in `lang`."""

    lang = ""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.lang and value not in ("", None):
            option["attrs"]["lang"] = self.lang
        return option


class VersionedForm(forms.Form):
    """Every edit carries the version it started from and a reason for the history.

    `record` is what the form opens on (a model instance, or any object with the same
    attributes, e.g. a merge of two versions); `columns` are the stored fields it edits.
    """

    columns: tuple[str, ...] = ()
    has_preview = False  # a "Preview" button re-shows the form with what it will read like
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        help_text=_("Kept in the version history with your name, e.g. “Law of 3 May 2026”."),
        error_messages={"required": _("Give a reason for this change: it is kept in the history.")},
    )

    def __init__(self, *args, record: Any = None, previewing: bool = False, **kwargs):
        initial = {"version": record.version if record is not None else 0}
        if record is not None:
            initial.update({column: getattr(record, column) for column in self.columns})
        super().__init__(*args, initial=initial, **kwargs)
        self.previewing = previewing  # a preview saves nothing, so it needs no reason yet
        if previewing:
            self.fields["reason"].required = False

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason and not self.previewing:
            raise forms.ValidationError(
                gettext("Give a reason for this change: it is kept in the history.")
            )
        return reason

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = one_newline(value)
        return data

    def changes(self) -> dict[str, Any]:
        """Every edited column as the person left it (the services keep only what changed)."""
        return {column: self.cleaned_data[column] for column in self.columns}


class ProfileSectionForm(VersionedForm):
    section: schema.Section
    has_preview = True

    state_contacts: tuple[Contact, ...] = ()  # the only contact points an answer may name

    # One language for the whole entry of a state: its answers, notes and contact points.
    content_language = forms.ChoiceField(
        label=LANGUAGE_LABEL,
        choices=schema.LANGUAGE_CHOICES,
        initial=DEFAULT_CONTENT_LANGUAGE,
        required=False,  # a browser always sends one; a post without it keeps the current one
        help_text=_(
            "Answers, notes and contact points are shown as they were written, in this "
            "language, for every reader; screen readers then read them in it. One language "
            "for the whole entry of the state."
        ),
    )

    @classmethod
    def for_contacts(cls, contacts: Iterable[Contact]) -> type["ProfileSectionForm"]:
        """This section's form for one state: its answers may name only `contacts`."""
        return type(cls.__name__, (cls,), {"state_contacts": tuple(contacts)})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the correspondent types is in the entry's language: the browser spell-checks it,
        # and a screen reader reads it back, in that language.
        lang = self[LANGUAGE_COLUMN].value()  # as chosen, when the form comes back
        if not content_language_valid(lang):
            lang = self.get_initial_for_field(self.fields[LANGUAGE_COLUMN], LANGUAGE_COLUMN)
        choices = contact_choices(self.state_contacts)
        for question in self.section.questions:
            if question.kind is schema.CONTACT:
                field = self.fields[question.key]
                field.widget = ContentSelect(attrs=field.widget.attrs)
                field.widget.is_required, field.widget.lang = field.required, lang
                field.choices = choices
        for name in self._typed_fields():
            self.fields[name].widget.attrs["lang"] = lang

    def _typed_fields(self) -> list[str]:
        names = [self.section.note_key]
        for question in self.section.questions:
            if question.condition:
                names.append(question.condition_key)
            if shows_typed_text(question) and question.kind is not schema.CONTACT:
                names.append(question.key)
        return names

    def clean_content_language(self) -> str:
        """The language chosen; a post that sends none leaves the entry's as it is."""
        return self.cleaned_data[LANGUAGE_COLUMN] or self.get_initial_for_field(
            self.fields[LANGUAGE_COLUMN], LANGUAGE_COLUMN
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for question in self.section.questions:
            if question.kind.multiple and data.get(question.key) == []:
                data[question.key] = None  # nothing ticked means not known, never "none"
        return data

    @property
    def note_field(self):
        return self[self.section.note_key]

    def note_preview(self) -> str:
        """The note as it will read once saved, from what was typed (valid or not)."""
        typed = self.cleaned_data.get(self.section.note_key) if self.is_bound else None
        if typed is None:
            typed = one_newline(self.data.get(self.add_prefix(self.section.note_key), ""))
        return render_note(typed)

    def rows(self):
        """(question, its field, its condition field or None) in schema order."""
        for question in self.section.questions:
            condition = self[question.condition_key] if question.condition else None
            yield question, self[question.key], condition


def _note_label(section_title: str) -> str:
    return gettext("Note on %(section)s") % {"section": str(section_title).lower()}


_note_label_lazy = lazy(_note_label, str)


def section_form_class(section: schema.Section) -> type[ProfileSectionForm]:
    """The edit form of one profile section, built from the schema."""
    fields: dict[str, Any] = {
        "section": section,
        "columns": (LANGUAGE_COLUMN, *section.columns),
    }
    for question in section.questions:
        fields.update(question.form_fields())
    fields[section.note_key] = forms.CharField(
        label=_note_label_lazy(section.title),
        required=False,
        help_text=NOTE_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    return type(f"{section.key.title()}SectionForm", (ProfileSectionForm,), fields)


SECTION_FORMS = {section.key: section_form_class(section) for section in schema.SECTIONS}


class ContactForm(VersionedForm):
    """A contact point; its labels are the history's (countries.history.CONTACT_LABELS)."""

    role = forms.ChoiceField(
        label=CONTACT_LABELS["role"], choices=Contact._meta.get_field("role").choices
    )
    organisation = forms.CharField(label=CONTACT_LABELS["organisation"], max_length=200)
    unit = forms.CharField(label=CONTACT_LABELS["unit"], max_length=200, required=False)
    function = forms.CharField(label=CONTACT_LABELS["function"], max_length=200, required=False)
    name = forms.CharField(
        label=CONTACT_LABELS["name"],
        max_length=200,
        required=False,
        help_text=_("Leave empty when a function or a desk is the contact."),
    )
    languages = forms.MultipleChoiceField(
        label=CONTACT_LABELS["languages"],
        choices=schema.LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "many"}),
    )
    phone = forms.CharField(
        label=CONTACT_LABELS["phone"],
        max_length=32,
        required=False,
        help_text=_("International format, e.g. +33 1 99 00 12 34."),
    )
    email = forms.EmailField(label=CONTACT_LABELS["email"], required=False)
    secure_channels = forms.MultipleChoiceField(
        label=CONTACT_LABELS["secure_channels"],
        choices=SecureChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_24_7 = forms.BooleanField(label=CONTACT_LABELS["available_24_7"], required=False)
    hours = forms.CharField(
        label=CONTACT_LABELS["hours"],
        max_length=200,
        required=False,
        help_text=_("E.g. Mon–Fri 08:00–18:00 CET."),
    )
    columns = Contact.CONTENT_FIELDS

    def clean_phone(self) -> str:
        return phone_e164(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(
                gettext("Give at least a phone number or an e-mail address.")
            )
        return data


class ReasonForm(VersionedForm):
    """Confirm a removal or a revert with a reason."""


class GrantForm(forms.Form):
    """Grant a state to a national correspondent, or withdraw it."""

    user = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.CORRESPONDENT, is_active=True),
        label=_("National correspondent"),
    )
    action = forms.ChoiceField(choices=[("grant", _("Grant")), ("withdraw", _("Withdraw"))])
