"""Finding 3: the admin never bypasses the audit trail. Every registered model is either
read-only there (with a link to the portal page that changes it) or audited on add, change
and delete through handbook.audit.audit_record."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from countries.models import Country
from handbook.audit import audit_record
from handbook.models import AuditAction, AuditEntry
from legal.models import Declaration, Instrument, Party
from tests.factories import CountryFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db

READ_ONLY = {
    "accounts.user",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "handbook.auditentry",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "legal.instrument",
    "legal.party",
    "legal.declaration",
}
AUDITED = {"countries.country"}


def _one_of_each() -> dict:
    person = UserFactory(full_name="Pat Person", email="pat@example.org")
    Client().post(reverse("accounts:login"), {"username": "x", "password": "wrong password!"})
    return {
        "accounts.user": person,
        "otp_totp.totpdevice": TOTPDeviceFactory(user=person),
        "otp_static.staticdevice": StaticDevice.objects.create(user=person, name="Backup"),
        "handbook.auditentry": audit_record(action=AuditAction.LOGIN_SUCCESS, actor=person),
        "axes.accessattempt": AccessAttempt.objects.get(),
        "axes.accesslog": AccessLog.objects.create(ip_address="192.0.2.1", username="pat"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            ip_address="192.0.2.1", username="pat"
        ),
        "countries.country": CountryFactory(code="FR"),
        **_legal_records(),
    }


def _legal_records() -> dict:
    instrument = Instrument.objects.create(code="test-treaty", title="T", short_title="T")
    party = Party.objects.create(
        instrument=instrument, country=CountryFactory(code="LV"), status="party"
    )
    declaration = Declaration.objects.create(
        party=party, kind="authority", text="Ministry", source_url="https://example.org/d"
    )
    return {"legal.instrument": instrument, "legal.party": party, "legal.declaration": declaration}


def _url(obj, view: str, *args) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_every_admin_model_is_read_only_or_audited():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == READ_ONLY | AUDITED


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_read_only_admin_models_refuse_add_change_and_delete(secretariat_client, label):
    obj = _one_of_each()[label]
    model = type(obj)
    rows = model.objects.order_by("pk")
    if model is AuditEntry:  # refused writes are appended to it: compare the rest
        rows = rows.exclude(action=AuditAction.WRITE_REFUSED)
    before = [model_to_dict(o) for o in rows]
    changes = AuditEntry.objects.exclude(action=AuditAction.WRITE_REFUSED)
    audit_before = changes.count()
    assert secretariat_client.get(_url(obj, "add")).status_code == 403
    data = {**{k: v for k, v in model_to_dict(obj).items() if v is not None}, "_save": "Save"}
    data.update({"role": "secretariat", "email": "new@example.org", "is_active": ""})
    assert secretariat_client.post(_url(obj, "add"), data).status_code == 403
    assert secretariat_client.post(_url(obj, "change", obj.pk), data).status_code == 403
    assert secretariat_client.post(_url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
    changelist = _url(obj, "changelist")
    bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    assert secretariat_client.post(changelist, bulk).status_code in (200, 302, 403)
    assert [model_to_dict(o) for o in rows.all()] == before
    assert changes.count() == audit_before
    assert AuditEntry.objects.filter(action=AuditAction.WRITE_REFUSED).count() >= 3
    assert secretariat_client.get(_url(obj, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("label", ["legal.instrument", "legal.party", "legal.declaration"])
def test_the_legal_basis_in_the_admin_links_to_its_portal_page(secretariat_client, label):
    obj = _one_of_each()[label]
    page = secretariat_client.get(_url(obj, "change", obj.pk)).content.decode()
    portal = obj.party if isinstance(obj, Declaration) else obj
    assert portal.get_absolute_url() in page


@pytest.mark.parametrize("label", ["accounts.user", "otp_totp.totpdevice"])
def test_read_only_people_pages_link_to_the_portal(secretariat_client, label):
    obj = _one_of_each()[label]
    person = obj if isinstance(obj, User) else obj.user
    page = secretariat_client.get(_url(obj, "change", obj.pk)).content.decode()
    assert reverse("accounts:user_manage", args=[person.pk]) in page


def test_no_second_factor_can_be_added_in_the_admin(secretariat_client):
    person = UserFactory()
    response = secretariat_client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {"user": person.pk, "name": "mine", "key": "0" * 40, "confirmed": "on"},
    )
    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_country_add_and_change_in_the_admin_are_audited(secretariat_client, secretariat):
    response = secretariat_client.post(
        reverse("admin:countries_country_add"),
        {"code": "IS", "coe_member": "on", "osce_participant": "on", "_save": "Save"},
    )
    assert response.status_code == 302
    assert Country.objects.filter(code="IS").exists()
    response = secretariat_client.post(
        reverse("admin:countries_country_change", args=["IS"]),
        {"code": "IS", "coe_member": "on", "pompidou_member": "on", "_save": "Save"},
    )
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(action=AuditAction.ADMIN_CHANGED).order_by("id")
    assert [(e.actor, e.target_id, e.ip_address) for e in entries] == [
        (secretariat, "IS", "127.0.0.1"),
        (secretariat, "IS", "127.0.0.1"),
    ]
    assert entries[0].detail == "admin: added"
    assert "Pompidou" in entries[1].detail and "OSCE" in entries[1].detail


def test_a_country_cannot_be_deleted_in_the_admin(secretariat_client):
    country = CountryFactory(code="FR")
    response = secretariat_client.post(_url(country, "delete", "FR"), {"post": "yes"})
    assert response.status_code == 403
    assert Country.objects.filter(code="FR").exists()
