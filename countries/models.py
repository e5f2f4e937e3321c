from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField

# Membership filters offered on the list page: query value -> (field, label).
MEMBERSHIPS = {
    "coe": ("coe_member", "Council of Europe"),
    "pompidou": ("pompidou_member", "Pompidou Group"),
    "osce": ("osce_participant", "OSCE"),
}


class CountryQuerySet(models.QuerySet):
    def with_membership(self, key: str | None) -> "CountryQuerySet":
        if key in MEMBERSHIPS:
            return self.filter(**{MEMBERSHIPS[key][0]: True})
        return self


class Country(models.Model):
    """A participating state, keyed by its ISO 3166 alpha-2 code; names come from the library."""

    code = CountryField(primary_key=True)
    coe_member = models.BooleanField("Council of Europe member", default=False)
    pompidou_member = models.BooleanField("Pompidou Group member", default=False)
    osce_participant = models.BooleanField("OSCE participating State", default=False)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "countries"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("countries:detail", args=[self.slug])

    @property
    def name(self) -> str:
        return self.code.name

    @property
    def slug(self) -> str:
        return self.code.code.lower()

    @property
    def memberships(self) -> list[str]:
        return [label for field, label in MEMBERSHIPS.values() if getattr(self, field)]
