"""The instruments that can carry a controlled delivery, and each state's standing under them.

A state with no record for an instrument is "not known", never "not a party", unless the
instrument's scope says only some states can be bound (an EU instrument binds only EU member
states; a bilateral agreement only the states recorded). A record that a correspondent claimed
(migrated from the profile's old "instruments applied" answer) stays a claim until the
secretariat checks it against a source. Written by legal.services only.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import Country, Versioned


class InstrumentKind(models.TextChoices):
    MULTILATERAL = "multilateral", _("Multilateral convention")
    EU = "eu", _("European Union instrument")
    BILATERAL = "bilateral", _("Bilateral agreement")


class Scope(models.TextChoices):
    OPEN = "open", _("Any state may be bound: a state with no record is not known")
    EU = "eu", _("EU member states only: any other state is not bound")
    EU_SCHENGEN = (
        "eu_schengen",
        _("EU member states and Schengen states only: any other state is not bound"),
    )
    LISTED = "listed", _("Only the states recorded: any other state is not bound")


class Instrument(Versioned):
    """A convention, directive or bilateral agreement, and the article that carries the
    controlled delivery."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100)
    article = models.CharField(_("article on controlled delivery"), max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=InstrumentKind)
    scope = models.CharField(max_length=20, choices=Scope, default=Scope.OPEN)
    text_url = models.URLField(_("official text"), max_length=500, blank=True)
    status_url = models.URLField(_("official list of parties"), max_length=500, blank=True)
    note = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.short_title}, {self.article}" if self.article else self.short_title

    def get_absolute_url(self) -> str:
        return reverse("legal:instrument", args=[self.code])

    def open_to(self, country: Country) -> bool:
        """False when the instrument's scope rules `country` out, whatever is recorded."""
        if self.scope == Scope.EU:
            return country.eu_member
        if self.scope == Scope.EU_SCHENGEN:
            return country.eu_member or country.schengen_member
        return True

    @property
    def absent_means_not_party(self) -> bool:
        """A state with no record is not a party (a bilateral agreement), not "not known"."""
        return self.scope == Scope.LISTED


class PartyStatus(models.TextChoices):
    PARTY = "party", _("Party")
    NOT_PARTY = "not_party", _("Not a party")
    CLAIMED = "claimed", _("Claimed by the correspondent, not checked")
    NOT_KNOWN = "not_known", _("Not known")


# The statuses the secretariat records from a source; a claim or "not known" needs none.
CHECKED = (PartyStatus.PARTY, PartyStatus.NOT_PARTY)


class Party(Versioned):
    """One state's standing under one instrument: party or not, since when, and the source."""

    CONTENT_FIELDS = ("status", "since", "source_url", "note")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="parties")
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="instrument_parties"
    )
    status = models.CharField(max_length=20, choices=PartyStatus, default=PartyStatus.NOT_KNOWN)
    since = models.DateField(_("in force for this state since"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument__order", "country"]
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "country"], name="legal_party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.country.name}: {self.instrument.short_title}"

    def get_absolute_url(self) -> str:
        return reverse("legal:party", args=[self.instrument.code, self.country.slug])


class DeclarationKind(models.TextChoices):
    RESERVATION = "reservation", _("Reservation")
    DECLARATION = "declaration", _("Declaration")
    AUTHORITY = "authority", _("Authority designated")


class Declaration(Versioned):
    """A reservation or declaration of a state that matters for controlled deliveries (e.g. the
    authority it designated under ETS No. 182, art. 18(4)), with its source."""

    CONTENT_FIELDS = ("kind", "article", "text", "source_url")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(max_length=20, choices=DeclarationKind)
    article = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    source_url = models.URLField(_("source"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["party", "kind", "pk"]

    def __str__(self) -> str:
        where = f" ({self.article})" if self.article else ""
        return f"{self.get_kind_display()}{where}"
