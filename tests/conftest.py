import os
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
from django.core.cache import caches
from django.test import Client
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.sessions import LOGIN_AT
from countries.models import Profile
from countries.services import profile_confirm

from .factories import (
    CorrespondentFactory,
    CountryFactory,
    SecretariatFactory,
    TOTPDeviceFactory,
    VettedOfficialFactory,
    contact_for,
    profile_with,
)

# Sync Playwright runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher():
    """Hash test passwords cheaply: PBKDF2's million rounds cost ~0.3 s per user made.

    The portal keeps Django's default (test_production_hashes_passwords_with_pbkdf2).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def empty_fragment_cache():
    """Each test starts with no cached page parts (handbook/fragments.py), as a new process."""
    caches["template_fragments"].clear()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts and ends in the site's default language: a French request leaves
    French active in its thread, which would leak into the next test of the worker."""
    translation.deactivate()
    yield
    translation.deactivate()


def verified_login(client: Client, user) -> Client:
    """Log `user` in as if they had passed the password and the TOTP steps."""
    device = user.totpdevice_set.filter(confirmed=True).first() or TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_AT] = time.time()
    session.save()
    return client


@pytest.fixture
def official(db):
    return VettedOfficialFactory()


@pytest.fixture
def correspondent(db):
    return CorrespondentFactory()


@pytest.fixture
def secretariat(db):
    return SecretariatFactory()


@pytest.fixture
def official_client(official):
    return verified_login(Client(), official)


@pytest.fixture
def correspondent_client(correspondent):
    return verified_login(Client(), correspondent)


@pytest.fixture
def secretariat_client(secretariat):
    return verified_login(Client(), secretariat)


@pytest.fixture
def password_only_client(official):
    """Logged in with the password but not yet through the second factor."""
    TOTPDeviceFactory(user=official)
    client = Client()
    client.force_login(official)
    return client


@pytest.fixture
def route_states(db, secretariat):
    """Four constructed states: NL and BE compatible; FR conflicts with BE; DE stale."""
    specs = {
        "NL": dict(
            substitution="partial",
            foreign_officers="armed",
            judicial_authorisation="no",
            urgent_oral="yes",
            decision_time_normal=timedelta(hours=24),
            decision_time_urgent=timedelta(hours=2),
            request_content=["facts", "route"],
            authority_outgoing=["prosecutor"],
            legal_note="Transit of pseudoephedrine is covered too.",
        ),
        "BE": dict(
            substitution="none",
            foreign_officers="armed",
            judicial_authorisation="no",
            urgent_oral="yes",
            decision_time_normal=timedelta(days=2),
            decision_time_urgent=timedelta(hours=4),
            request_content=["facts", "consignment"],
            authority_transit=["customs"],
        ),
        "FR": dict(
            substitution="required",
            foreign_officers="unarmed",
            judicial_authorisation="yes",
            urgent_oral="no",
            decision_time_normal=timedelta(days=5),
            decision_time_urgent=timedelta(hours=6),
            request_content=["facts", "persons"],
            authority_incoming=["investigating_judge"],
        ),
        "DE": dict(
            substitution="full",
            foreign_officers="armed",
            judicial_authorisation="no",
            urgent_oral="yes",
            decision_time_normal=timedelta(hours=12),
        ),
    }
    countries = {}
    for code, answers in specs.items():
        country = CountryFactory(code=code)
        profile_with(country, by=secretariat, **answers)
        profile_confirm(country=country, by=secretariat)
        contact_for(country, by=secretariat, organisation=f"{code} Duty Desk", role="police_24_7")
        contact_for(
            country,
            by=secretariat,
            organisation=f"{code} Court",
            role="judicial",
            available_24_7=False,
            unit="Maritime Interdiction Unit" if code == "BE" else "",
        )
        countries[code] = country
    Profile.objects.filter(country=countries["DE"]).update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )
    return countries


# The longest tests (the walks of every page type in Chromium, 10-50 s each) start first, so
# that the short ones fill the other workers around them instead of leaving a tail at the end.
FIRST = ("tests/browser/test_accessibility.py", "tests/browser/test_phone_width.py")


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(FIRST))
