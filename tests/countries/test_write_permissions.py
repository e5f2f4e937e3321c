"""Every write path refuses a user who may not change the country, and changes nothing."""

import pytest
from guardian.shortcuts import assign_perm

from countries.models import Contact, Profile
from handbook.models import AuditAction, AuditEntry


def _snapshot():
    return (
        Profile.history.count(),
        Contact.history.count(),
        list(Profile.objects.values_list("version", "confirmed_at", "legal_basis")),
        list(Contact.objects.values_list("pk", "version", "organisation")),
        # a refused write is itself audited (access.refused); nothing else may be
        AuditEntry.objects.exclude(action=AuditAction.WRITE_REFUSED).count(),
    )


def _refusal_audited(method: str) -> bool:
    refused = AuditEntry.objects.filter(action=AuditAction.WRITE_REFUSED).exists()
    return refused == (method == "post")


def write_paths(country):
    contact = Contact.objects.get(country=country)
    record = Profile.history.filter(country=country).first()
    base = f"/countries/{country.slug}"
    edit = {"version": 1, "reason": "Try", "legal_basis": "Overwritten"}
    contact_data = {
        "version": contact.version,
        "reason": "Try",
        "role": "customs",
        "organisation": "Overwritten",
        "email": "x@example.org",
    }
    return [
        ("get", f"{base}/edit/legal/", None),
        ("post", f"{base}/edit/legal/", edit),
        ("post", f"{base}/confirm/", {}),
        ("get", f"{base}/contacts/add/", None),
        ("post", f"{base}/contacts/add/", contact_data),
        ("get", f"{base}/contacts/{contact.pk}/edit/", None),
        ("post", f"{base}/contacts/{contact.pk}/edit/", contact_data),
        ("get", f"{base}/contacts/{contact.pk}/delete/", None),
        ("post", f"{base}/contacts/{contact.pk}/delete/", {"version": 1, "reason": "Try"}),
        ("get", f"{base}/history/{record.history_id}/revert/", None),
        ("post", f"{base}/history/{record.history_id}/revert/", {"version": 1, "reason": "Try"}),
    ]


PATHS = range(11)


@pytest.mark.parametrize("index", PATHS)
def test_correspondent_cannot_write_to_a_country_not_granted(
    granted_correspondent_client, france, index
):
    method, path, data = write_paths(france)[index]
    before = _snapshot()
    response = getattr(granted_correspondent_client, method)(path, data)
    assert response.status_code == 403, path
    assert _snapshot() == before
    assert _refusal_audited(method)


@pytest.mark.parametrize("index", PATHS)
def test_official_cannot_write_at_all(official_client, france, index):
    method, path, data = write_paths(france)[index]
    before = _snapshot()
    assert getattr(official_client, method)(path, data).status_code == 403, path
    assert _snapshot() == before
    assert _refusal_audited(method)


def test_a_grant_without_the_correspondent_role_gives_no_right(official, official_client, france):
    assign_perm("countries.change_country", official, france)
    assert official_client.get("/countries/fr/edit/legal/").status_code == 403


@pytest.mark.parametrize("index", PATHS)
def test_granted_correspondent_can_use_every_write_path(
    correspondent, correspondent_client, france, index
):
    assign_perm("countries.change_country", correspondent, france)
    method, path, data = write_paths(france)[index]
    before = _snapshot()
    response = getattr(correspondent_client, method)(path, data)
    assert response.status_code in (200, 302), path
    if method == "post":
        assert response.status_code == 302, response.content.decode()[:2000]
        assert _snapshot() != before
        latest = (
            Profile.history.filter(country=france).first()
            if "contacts" not in path
            else Contact.history.filter(country=france).order_by("-history_id").first()
        )
        assert latest.history_user == correspondent
        assert latest.history_change_reason


@pytest.mark.parametrize("path", ["/countries/fr/edit/legal/", "/countries/fr/contacts/add/"])
def test_secretariat_may_change_every_country(secretariat_client, france, path):
    assert secretariat_client.get(path).status_code == 200


def test_unknown_country_is_404_not_403(granted_correspondent_client, db):
    assert granted_correspondent_client.get("/countries/zz/edit/legal/").status_code == 404


def test_contact_of_another_country_is_not_reachable_through_a_granted_one(
    granted_correspondent_client, france, belgium
):
    contact = Contact.objects.get(country=france)
    response = granted_correspondent_client.post(
        f"/countries/be/contacts/{contact.pk}/delete/", {"version": 1, "reason": "Try"}
    )
    assert response.status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()
