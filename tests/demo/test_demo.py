import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import get_objects_for_user

from accounts.models import Role, User
from accounts.services import totp_current_code
from countries import schema
from demo import profiles
from demo.checks import demo_content_fits_the_schema
from demo.loader import DEMO_PASSWORD, DEMO_USERNAMES


def test_load_demo_creates_one_account_per_role_and_is_idempotent(db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    users = User.objects.filter(username__in=DEMO_USERNAMES)
    assert {u.role for u in users} == set(Role.values)
    assert TOTPDevice.objects.filter(user__in=users, confirmed=True).count() == 3
    correspondent = users.get(username="correspondent")
    granted = get_objects_for_user(
        correspondent, "countries.change_country", accept_global_perms=False
    )
    assert sorted(c.code.code for c in granted) == ["BE", "FR"]


def test_load_demo_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()


@pytest.mark.parametrize("username", sorted(DEMO_USERNAMES))
def test_demo_account_logs_in_with_password_and_totp(db, username):
    call_command("load_demo", verbosity=0)
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    device = TOTPDevice.objects.get(user__username=username)
    client.post(reverse("accounts:verify"), {"token": totp_current_code(device)})
    response = client.get(reverse("countries:list"))
    assert response.status_code == 200
    assert "France" in response.content.decode()


def test_otp_code_command_prints_the_current_code(db, capsys):
    call_command("load_demo", verbosity=0)
    call_command("otp_code", "official")
    device = TOTPDevice.objects.get(user__username="official")
    assert capsys.readouterr().out.strip() == totp_current_code(device)


def test_demo_content_that_names_a_missing_option_stops_start_up(monkeypatch):
    assert demo_content_fits_the_schema(None) == []
    choice = next(q for q in schema.QUESTIONS.values() if q.kind is schema.CHOICE)
    monkeypatch.setitem(profiles.BASE, choice.key, choice.options[0].value + "-renamed")
    errors = demo_content_fits_the_schema(None)
    assert {e.id for e in errors} == {"demo.E001"} and len(errors) == len(profiles.STATES) - sum(
        choice.key in overrides for overrides in profiles.STATES.values()
    )
