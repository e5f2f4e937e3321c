import os
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.sessions import LOGIN_AT

from .factories import (
    CorrespondentFactory,
    SecretariatFactory,
    TOTPDeviceFactory,
    VettedOfficialFactory,
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
