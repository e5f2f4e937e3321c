import pytest
from guardian.shortcuts import assign_perm

from tests.factories import CountryFactory, contact_for


@pytest.fixture
def belgium(db):
    return CountryFactory(code="BE")


@pytest.fixture
def granted_correspondent(correspondent, belgium):
    assign_perm("countries.change_country", correspondent, belgium)
    return correspondent


@pytest.fixture
def desk(belgium, secretariat):
    """Belgium's 24/7 police desk."""
    return contact_for(belgium, by=secretariat, phone="+3222222222")
