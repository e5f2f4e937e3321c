"""Finding 7: codes posted in parallel take turns on the device row: one code is accepted at
most once, and every wrong code is counted."""

import threading
import time

import pytest
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import TokenForm
from accounts.services import totp_current_code
from tests.factories import TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 3


@pytest.fixture
def slow_checks(monkeypatch):
    """Widen the window between reading a device and saving it, as a busy server would."""
    for model in (TOTPDevice, StaticDevice):
        original = model.verify_token

        def slowly(self, token, _original=original):
            time.sleep(0.15)
            return _original(self, token)

        monkeypatch.setattr(model, "verify_token", slowly)


def _in_parallel(user, token) -> list[bool]:
    barrier = threading.Barrier(PARALLEL)
    results: list[bool] = []

    def attempt():
        try:
            barrier.wait()
            results.append(TokenForm(user, {"token": token}).is_valid())
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return results


def test_one_code_posted_in_parallel_is_accepted_once(slow_checks):
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    assert sorted(_in_parallel(user, totp_current_code(device))) == [False, False, True]


def test_one_backup_code_posted_in_parallel_is_accepted_once(slow_checks):
    user = UserFactory()
    device = StaticDevice.objects.create(user=user, name="Backup codes")
    StaticToken.objects.create(device=device, token="abcd2345")
    assert sorted(_in_parallel(user, "abcd2345")) == [False, False, True]


def test_every_wrong_code_posted_in_parallel_is_counted(slow_checks, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting between tries: each one is checked
    user = UserFactory()
    device = TOTPDeviceFactory(user=user)
    wrong = "000000" if totp_current_code(device) != "000000" else "111111"
    assert _in_parallel(user, wrong) == [False] * PARALLEL
    device.refresh_from_db()
    assert device.throttling_failure_count == PARALLEL
