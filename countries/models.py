from datetime import datetime, timedelta
from functools import cache

import phonenumbers
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries as iso_3166
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from handbook.fragments import RelatedDigest

from . import schema
from .zones import LocalTime, local_time

# Membership filters offered on the list page: query value -> (field, label).
MEMBERSHIPS = {
    "coe": ("coe_member", _("Council of Europe")),
    "pompidou": ("pompidou_member", _("Pompidou Group")),
    "osce": ("osce_participant", "OSCE"),
    "eu": ("eu_member", _("European Union")),
    "schengen": ("schengen_member", _("Schengen area")),
}


@cache
def _state_name(code: str, language: str | None) -> str:
    return str(iso_3166.name(code))


def state_name(code: str) -> str:
    """The name of the state of an ISO 3166 code in the active language, as django-countries
    gives it: looked up once per code and language (each lookup runs a dozen gettext calls, and
    a route or comparison names its states a hundred times)."""
    return _state_name(code, get_language())


class CountryQuerySet(models.QuerySet):
    def with_membership(self, key: str | None) -> "CountryQuerySet":
        if key in MEMBERSHIPS:
            return self.filter(**{MEMBERSHIPS[key][0]: True})
        return self

    def digested(self, *relations: str) -> "CountryQuerySet":
        """Each country with the database's digest of its profile (`profile_digest`, None for
        none) and of each of `relations` ("contacts": `contacts_digest`), and its entry's
        confirmation date: what a cached part's key needs (handbook/fragments.py), without
        loading those rows."""
        digests = {f"{name}_digest": RelatedDigest(name) for name in ("profile", *relations)}
        return self.annotate(**digests, profile_confirmed_at=models.F("profile__confirmed_at"))


# Written by countries.search_index, read only by the search: every other page loads without.
SEARCH_COLUMNS = ("search_text", "search_vector", "search_sections", "search_digest")


class CountryManager(models.Manager.from_queryset(CountryQuerySet)):
    def get_queryset(self) -> CountryQuerySet:
        return super().get_queryset().defer(*SEARCH_COLUMNS)


class Country(models.Model):
    """A participating state, keyed by its ISO 3166 alpha-2 code; names come from the library."""

    code = CountryField(primary_key=True)
    coe_member = models.BooleanField(_("Council of Europe member"), default=False)
    pompidou_member = models.BooleanField(_("Pompidou Group member"), default=False)
    osce_participant = models.BooleanField(_("OSCE participating State"), default=False)
    eu_member = models.BooleanField(_("European Union member"), default=False)
    schengen_member = models.BooleanField(
        _("Schengen area member"),
        default=False,
        help_text=_(
            "Applies the Schengen acquis in full (Schengen Implementing Convention art. 73)."
        ),
    )
    # Kept by countries.search_index after every profile or contact write; never edited by hand.
    search_text = models.TextField(blank=True, default="", editable=False)
    search_sections = models.JSONField(default=list, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # A digest of search_text and search_sections (the vector is made from the text): what the
    # search page keys its rendered results by.
    search_digest = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = CountryManager()

    class Meta:
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("countries:detail", args=[self.slug])

    @property
    def name(self) -> str:
        return state_name(self.code.code)

    @property
    def slug(self) -> str:
        return self.code.code.lower()

    @property
    def profile_or_none(self) -> "Profile | None":
        try:
            return self.profile
        except Profile.DoesNotExist:
            return None

    @property
    def content_language(self) -> str:
        """The language of the state's entry as written (its answers, notes and contact points),
        for a `lang` attribute: the profile's, or English while there is none."""
        profile = self.profile_or_none
        return profile.content_language if profile else DEFAULT_CONTENT_LANGUAGE

    @property
    def local_time(self) -> LocalTime | None:
        return local_time(self.code.code)

    @property
    def memberships(self) -> list[str]:
        return [label for field, label in MEMBERSHIPS.values() if getattr(self, field)]


def _abstract_profile_answers() -> type[models.Model]:
    """An abstract model holding one column per schema question (see countries/schema.py)."""
    meta = type("Meta", (), {"abstract": True})
    attrs = {"__module__": __name__, "Meta": meta, **schema.model_fields()}
    return type("ProfileAnswers", (models.Model,), attrs)


ProfileAnswers = _abstract_profile_answers()

STALE_AFTER = timedelta(days=365)
DEFAULT_CONTENT_LANGUAGE = "en"


def stale(confirmed_at: datetime | None) -> bool:
    """A profile last confirmed as current then is stale (one never confirmed is)."""
    return confirmed_at is None or timezone.now() - confirmed_at > STALE_AFTER


def content_language_valid(code: str) -> bool:
    """A language an entry may be written in: one of the participating states' languages."""
    return code in dict(schema.LANGUAGE_CHOICES)


def language_name(code: str | None) -> str:
    """A participating language's name, as the schema gives it ("—" for none)."""
    if not code:
        return "—"
    return str(dict(schema.LANGUAGE_CHOICES).get(code, code))


TEST_CALL_STALE_AFTER = timedelta(days=182)


class Versioned(models.Model):
    """Content edited by people: numbered versions for conflict detection, who changed it last."""

    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class Profile(ProfileAnswers, Versioned):
    """A state's legal profile on controlled deliveries. Every save is a version with a reason."""

    country = models.OneToOneField(
        Country, primary_key=True, on_delete=models.CASCADE, related_name="profile"
    )
    demo = models.BooleanField(
        _("demonstration content"),
        default=False,
        help_text=_("Shown with a warning that the content is invented and not legal advice."),
    )
    # Answers and notes stay in the language their correspondent wrote them in: pages mark them
    # with it (`lang`), so that a screen reader reads them in that language. A code of
    # schema.LANGUAGE_CHOICES, checked by the form and the services (no model choices, so that
    # the schema's list of languages and their names never needs a migration).
    content_language = models.CharField(
        _("language these answers are written in"),
        max_length=10,
        default=DEFAULT_CONTENT_LANGUAGE,
    )
    confirmed_at = models.DateTimeField(_("last confirmed as current"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["demo"])

    def __str__(self) -> str:
        return gettext("Profile of %(state)s") % {"state": self.country.name}

    @property
    def content_language_name(self) -> str:
        """The name of the language the answers are written in, in the reader's language."""
        return language_name(self.content_language)

    @property
    def is_stale(self) -> bool:
        return stale(self.confirmed_at)


class ContactRole(models.TextChoices):
    POLICE_24_7 = "police_24_7", _("24/7 operational police")
    CUSTOMS = "customs", _("Customs")
    JUDICIAL = "judicial", _("Authorising judicial authority")
    MLA_CENTRAL = "mla_central", _("Central authority for mutual legal assistance")
    EUROPOL = "europol", _("Europol national unit")
    INTERPOL = "interpol", _("Interpol NCB")
    SELEC = "selec", "SELEC"
    WCO_RILO = "wco_rilo", "WCO / RILO"
    OTHER = "other", _("Other")


class SecureChannel(models.TextChoices):
    SIENA = "siena", "SIENA (Europol)"
    I247 = "i247", "I-24/7 (INTERPOL)"
    CENCOMM = "cencomm", "CENcomm (WCO)"
    SELEC = "selec", _("SELEC secure channel")
    ENCRYPTED_EMAIL = "encrypted_email", _("Encrypted e-mail")


class Contact(Versioned):
    """A contact point of a state. Personal data: shown to vetted users only."""

    CONTENT_FIELDS = (
        "role",
        "organisation",
        "unit",
        "function",
        "name",
        "languages",
        "phone",
        "email",
        "secure_channels",
        "available_24_7",
        "hours",
    )

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=20, choices=ContactRole)
    organisation = models.CharField(max_length=200)
    unit = models.CharField(max_length=200, blank=True)
    function = models.CharField(max_length=200, blank=True)
    name = models.CharField(_("name (optional)"), max_length=200, blank=True)
    languages = models.JSONField(default=list, blank=True)
    phone = models.CharField(max_length=32, blank=True, help_text=_("International format, +..."))
    email = models.EmailField(_("e-mail"), blank=True)
    secure_channels = models.JSONField(default=list, blank=True)
    available_24_7 = models.BooleanField(_("available 24/7"), default=False)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    # Both kept by currency.services from the test-call log (ContactTestCall), never typed: the
    # latest call that reached someone, and the date of the latest call while it failed. Kept
    # here so that pages, reminders and the dashboard read them without a query per number.
    last_test_call = models.DateField(
        _("last test call that reached someone"), null=True, blank=True, editable=False
    )
    last_test_call_failed_on = models.DateField(
        _("last test call failed on"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "organisation", "pk"]

    def __str__(self) -> str:
        return gettext("%(role)s: %(organisation)s") % {
            "role": self.get_role_display(),
            "organisation": self.organisation,
        }

    @property
    def test_call_overdue(self) -> bool:
        """A 24/7 number not proven by a test call in the last six months."""
        if not self.available_24_7:
            return False
        return (
            self.last_test_call is None
            or timezone.localdate() - self.last_test_call > TEST_CALL_STALE_AFTER
        )

    @property
    def phone_display(self) -> str:
        """The number as people read it aloud: +33 1 99 00 12 01."""
        try:
            number = phonenumbers.parse(self.phone, None)
        except phonenumbers.NumberParseException:
            return self.phone
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @property
    def language_labels(self) -> list[str]:
        names = dict(schema.LANGUAGE_CHOICES)
        return [names.get(code, code) for code in self.languages]

    @property
    def channel_labels(self) -> list[str]:
        return [SecureChannel(c).label for c in self.secure_channels if c in SecureChannel]


ROLE_ORDER = {role: place for place, role in enumerate(ContactRole.values)}


def in_role_order(contacts) -> list[Contact]:
    """Contacts in the order of ContactRole (24/7 police first, "other" last)."""
    return sorted(contacts, key=lambda c: (ROLE_ORDER[c.role], c.organisation))
