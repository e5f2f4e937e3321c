"""Finding 4: lockout, rate limits and the audit log key on the client behind trusted proxies;
a lock is per account and client together; an account under attack is only slowed down."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessRequest
from handbook.clientip import client_ip
from handbook.models import AuditAction, AuditEntry
from tests.factories import PASSWORD, CountryFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
PROXY = "10.0.0.1"


def behind_proxy(address: str, spoofed: str = "") -> Client:
    """A browser at `address` behind our nginx (which appends to X-Forwarded-For)."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def wrong(client, username):
    return client.post(LOGIN, {"username": username, "password": "wrong password!!"})


def right(client, username):
    return client.post(LOGIN, {"username": username, "password": PASSWORD})


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.9", "203.0.113.7", "192.0.2.9"),  # no proxy: the header is ignored
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (2, PROXY, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, PROXY, "", PROXY),  # not through the proxy: the connection's address
        (1, PROXY, "not-an-address", PROXY),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_the_proxy_count_comes_from_the_environment(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import handbook.settings as module

    monkeypatch.setenv("DJANGO_TRUSTED_PROXY_COUNT", "2")
    assert importlib.reload(module).TRUSTED_PROXY_COUNT == 2
    monkeypatch.setenv("DJANGO_TRUSTED_PROXY_COUNT", "one")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(module)
    monkeypatch.delenv("DJANGO_TRUSTED_PROXY_COUNT")
    assert importlib.reload(module).TRUSTED_PROXY_COUNT == 0


def test_failures_on_many_accounts_behind_one_proxy_lock_nobody_else(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    colleague = UserFactory()
    attacker = behind_proxy("198.51.100.66")
    for n in range(6):
        wrong(attacker, f"someone{n}")
    response = right(behind_proxy("198.51.100.10"), colleague.username)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_one_office_nat_does_not_share_one_lockout():
    """No proxy configured: everyone in the office has the same REMOTE_ADDR."""
    clumsy, careful = UserFactory(), UserFactory()
    office = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(5):
        wrong(office, clumsy.username)
    assert right(office, clumsy.username).status_code == 429  # that pair is locked
    assert right(Client(REMOTE_ADDR="192.0.2.50"), careful.username).status_code == 302


def test_lockout_records_the_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    client = behind_proxy("198.51.100.66", spoofed="1.1.1.1")
    for _ in range(5):
        wrong(client, user.username)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}
    assert set(
        AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILURE).values_list(
            "ip_address", flat=True
        )
    ) == {"198.51.100.66"}


def test_access_request_rate_limit_keys_on_the_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCESS_REQUESTS_PER_HOUR = 1
    CountryFactory(code="ES")
    form = {
        "full_name": "A",
        "organisation": "B",
        "state": "ES",
        "function": "C",
        "role": "official",
        "reason": "D",
    }
    behind_proxy("198.51.100.1").post(
        reverse("accounts:request_access"), {**form, "email": "a@example.org"}
    )
    behind_proxy("198.51.100.2").post(
        reverse("accounts:request_access"), {**form, "email": "b@example.org"}
    )
    assert AccessRequest.objects.count() == 2
    assert set(AccessRequest.objects.values_list("submitted_from", flat=True)) == {
        "198.51.100.1",
        "198.51.100.2",
    }


def just_now():
    """The failures happened a moment ago: the wait they impose (a few seconds) must not run
    out while a loaded machine serves the next request."""
    AccessAttempt.objects.update(attempt_time=timezone.now())


def test_spraying_one_account_from_many_addresses_only_slows_its_owner():
    owner = UserFactory()
    for n in range(12):
        wrong(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), owner.username)
    just_now()
    home = Client(REMOTE_ADDR="192.0.2.1")
    slowed = right(home, owner.username)
    assert slowed.status_code == 200
    assert "Wait a minute" in slowed.content.decode()
    assert AccessAttempt.objects.filter(ip_address="192.0.2.1").count() == 0  # not a failure
    # a minute later (at most), the owner gets in
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=61))
    response = right(home, owner.username)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_a_client_failing_on_many_accounts_is_slowed_down():
    target = UserFactory()
    client = Client(REMOTE_ADDR="198.51.100.99")
    for n in range(21):
        wrong(client, f"guess{n}")
    just_now()
    assert "Wait a minute" in right(client, target.username).content.decode()
