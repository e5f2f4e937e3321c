"""The instruments that can carry a controlled delivery, and each state's standing under them.

A state with no record for an instrument is "not known", never "not a party", unless the
instrument's scope says only some states can be bound (an EU instrument binds only EU member
states; a bilateral agreement only the states recorded). A record that a correspondent claimed
(migrated from the profile's old "instruments applied" answer) stays a claim until the
secretariat checks it against a source. Written by legal.services only.
"""

from typing import NamedTuple

from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import DEFAULT_CONTENT_LANGUAGE, Country, Versioned


class Shown(NamedTuple):
    """A piece of a record as a reader is shown it, and the language it is in: in a template
    `{{ shown }}` is the text marked with its `lang` (HTML, as str() gives it), and
    `{{ shown.text }}` the bare text (for a page's <title>, or plain text)."""

    text: str
    lang: str

    def __str__(self) -> SafeString:  # templates render str(value)
        return self.__html__()

    def __html__(self) -> SafeString:
        return format_html('<span lang="{}">{}</span>', self.lang, self.text)


def _reads_french() -> bool:
    return (get_language() or "").split("-")[0] == "fr"


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
    # The titles, the note, and its parties' notes and declarations' texts are shown as the
    # secretariat wrote them, marked with this language (`lang`): one language for all of an
    # instrument's records. A code of countries.schema.LANGUAGE_CHOICES, checked by the form and
    # the services (countries.models.content_language_valid), as a profile's is.
    content_language = models.CharField(
        _("language this record is written in"),
        max_length=10,
        default=DEFAULT_CONTENT_LANGUAGE,
    )
    # The official French titles (the Council of Europe's, the EU's, the UN's), shown to French
    # readers in place of the titles as written; empty when there is none.
    title_fr = models.CharField(_("French title (official)"), max_length=300, blank=True)
    short_title_fr = models.CharField(
        _("French short title (official)"), max_length=200, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        """The short title in the reader's language where there is an official one, with the
        article (selects, the admin, plain-text messages)."""
        short = self.shown_short_title.text
        return f"{short}, {self.article}" if self.article else short

    @property
    def shown_title(self) -> Shown:
        """The title a reader is shown: the official French one to a French reader, if there
        is one, else the title as written, each with its language."""
        if self.title_fr and _reads_french():
            return Shown(self.title_fr, "fr")
        return Shown(self.title, self.content_language or DEFAULT_CONTENT_LANGUAGE)

    @property
    def shown_short_title(self) -> Shown:
        if self.short_title_fr and _reads_french():
            return Shown(self.short_title_fr, "fr")
        return Shown(self.short_title, self.content_language or DEFAULT_CONTENT_LANGUAGE)

    @property
    def shown_name(self) -> SafeString:
        """`str(instrument)` as HTML, each piece marked with its language (the article is
        written in the record's)."""
        short, lang = self.shown_short_title
        written = self.content_language or DEFAULT_CONTENT_LANGUAGE
        if not self.article:
            return format_html("{}", Shown(short, lang))
        if lang == written:  # one piece, in one language
            return format_html("{}", Shown(f"{short}, {self.article}", lang))
        return format_html("{}, {}", Shown(short, lang), Shown(self.article, written))

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
        return f"{self.country.name}: {self.instrument.shown_short_title.text}"

    @property
    def content_language(self) -> str:
        """The language its note is written in: its instrument's."""
        return self.instrument.content_language

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

    @property
    def content_language(self) -> str:
        """The language its text is written in: its instrument's."""
        return self.party.instrument.content_language

    def __str__(self) -> str:
        where = f" ({self.article})" if self.article else ""
        return f"{self.get_kind_display()}{where}"
