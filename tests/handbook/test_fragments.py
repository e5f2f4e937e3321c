"""RelatedDigest (handbook/fragments.py): the database's digest of the rows related to a row,
which keys a cached part without loading the rows."""

from countries.models import Contact, Country
from handbook.fragments import RelatedDigest
from tests.factories import CountryFactory, contact_for


def _digest(country: Country) -> str | None:
    return Country.objects.annotate(d=RelatedDigest("contacts")).get(pk=country.pk).d


def test_a_digest_changes_with_any_column_and_only_then(db, secretariat):
    country = CountryFactory(code="FR")
    assert _digest(country) is None
    contact = contact_for(country, by=secretariat)
    first = _digest(country)
    Contact.objects.filter(pk=contact.pk).update(hours="Nights only")
    assert _digest(country) not in (None, first)
    Contact.objects.filter(pk=contact.pk).update(hours="")
    assert _digest(country) == first


def test_a_digest_is_of_the_rows_of_that_row_only(db, secretariat):
    france, belgium = CountryFactory(code="FR"), CountryFactory(code="BE")
    contact_for(france, by=secretariat)
    assert _digest(belgium) is None
