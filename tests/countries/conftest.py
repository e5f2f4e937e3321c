import pytest
from guardian.shortcuts import assign_perm

from tests.factories import CountryFactory, contact_for, profile_with


@pytest.fixture
def france(db, secretariat):
    country = CountryFactory(code="FR")
    profile_with(country, by=secretariat, urgent_oral="yes", legal_basis="Code, art. 1")
    contact_for(country, by=secretariat)
    return country


@pytest.fixture
def belgium(db):
    return CountryFactory(code="BE")


@pytest.fixture
def granted_correspondent_client(correspondent, correspondent_client, belgium):
    """A correspondent granted Belgium only."""
    assign_perm("countries.change_country", correspondent, belgium)
    return correspondent_client
