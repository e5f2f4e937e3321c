"""The secretariat grants and withdraws a correspondent's states from a portal page."""

import pytest

from countries.access import can_edit_country
from handbook.models import AuditAction, AuditEntry
from tests.factories import CorrespondentFactory, VettedOfficialFactory

PAGE = "/countries/be/correspondents/"


def test_secretariat_grants_then_withdraws_and_both_are_audited(
    secretariat, secretariat_client, belgium
):
    colleague = CorrespondentFactory(full_name="Bea Belgian")
    assert not can_edit_country(colleague, belgium)

    response = secretariat_client.post(PAGE, {"user": colleague.pk, "action": "grant"})
    assert response.status_code == 302
    colleague = type(colleague).objects.get(pk=colleague.pk)  # fresh permission cache
    assert can_edit_country(colleague, belgium)
    assert "Bea Belgian" in secretariat_client.get(PAGE).content.decode()

    secretariat_client.post(PAGE, {"user": colleague.pk, "action": "withdraw"})
    colleague = type(colleague).objects.get(pk=colleague.pk)
    assert not can_edit_country(colleague, belgium)

    entries = AuditEntry.objects.exclude(action=AuditAction.LOGIN_SUCCESS).order_by("id")
    assert [(e.action, e.actor, e.country, e.target_id) for e in entries] == [
        (AuditAction.STATE_GRANTED, secretariat, "BE", str(colleague.pk)),
        (AuditAction.STATE_WITHDRAWN, secretariat, "BE", str(colleague.pk)),
    ]


def test_only_correspondents_can_be_granted(secretariat_client, belgium):
    official = VettedOfficialFactory()
    response = secretariat_client.post(PAGE, {"user": official.pk, "action": "grant"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.STATE_GRANTED).exists()


@pytest.mark.parametrize("client_fixture", ["official_client", "granted_correspondent_client"])
def test_nobody_else_may_grant(request, client_fixture, belgium):
    client = request.getfixturevalue(client_fixture)
    other = CorrespondentFactory()
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"user": other.pk, "action": "grant"}).status_code == 403
    assert not can_edit_country(other, belgium)
    assert not AuditEntry.objects.filter(action=AuditAction.STATE_GRANTED).exists()
