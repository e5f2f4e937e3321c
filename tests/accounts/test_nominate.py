"""Finding 6: correspondents nominate only for the states granted to them, nominees confirm
their address like any applicant, and nominations are rate limited."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import AccessRequest, RequestStatus
from countries.services import correspondent_grant
from tests.accounts.mailing import mail_sent
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db
NOMINATE = reverse("accounts:nominate")
FORM = {
    "full_name": "Carla Colleague",
    "organisation": "Guardia Civil",
    "state": "ES",
    "function": "Inspector",
    "email": "carla@example.org",
    "role": "correspondent",
    "reason": "She keeps the Spanish profile with me.",
    "states": ["ES"],
}


@pytest.fixture
def spain_granted(correspondent, secretariat):
    spain = CountryFactory(code="ES")
    CountryFactory(code="FR")
    correspondent_grant(country=spain, user=correspondent, by=secretariat)
    return spain


def test_a_nominee_confirms_the_address_before_the_secretariat_sees_it(
    spain_granted, correspondent, correspondent_client
):
    with mail_sent():
        response = correspondent_client.post(NOMINATE, FORM)
    assert response.status_code == 302
    nominated = AccessRequest.objects.get()
    assert nominated.nominated_by == correspondent
    assert nominated.status == RequestStatus.UNCONFIRMED and nominated.confirmed_at is None
    assert mail.outbox[-1].to == ["carla@example.org"]
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    Client().post(link.replace("http://testserver", ""))
    nominated.refresh_from_db()
    assert nominated.status == RequestStatus.PENDING


@pytest.mark.parametrize(
    "change",
    [{"state": "FR", "role": "official", "states": []}, {"states": ["ES", "FR"]}],
    ids=["works-for-another-state", "would-keep-another-state"],
)
def test_a_correspondent_cannot_nominate_for_a_state_not_granted(
    spain_granted, correspondent_client, change
):
    response = correspondent_client.post(NOMINATE, {**FORM, **change})
    assert response.status_code == 200
    assert not AccessRequest.objects.exists() and not mail.outbox


def test_a_correspondent_without_states_cannot_nominate_anyone(correspondent_client):
    CountryFactory(code="ES")
    assert correspondent_client.post(NOMINATE, FORM).status_code == 200
    assert not AccessRequest.objects.exists()


def test_nominations_are_rate_limited(spain_granted, correspondent_client, settings):
    settings.NOMINATIONS_PER_DAY = 2
    for n in range(3):
        response = correspondent_client.post(NOMINATE, {**FORM, "email": f"c{n}@example.org"})
    assert AccessRequest.objects.count() == 2
    assert "many nominations" in response.content.decode()


def test_the_secretariat_may_nominate_for_any_state(secretariat_client):
    CountryFactory(code="ES")
    assert secretariat_client.post(NOMINATE, FORM).status_code == 302
    assert AccessRequest.objects.get().status == RequestStatus.UNCONFIRMED


def test_officials_cannot_nominate(official_client):
    CountryFactory(code="ES")
    assert official_client.post(NOMINATE, FORM).status_code == 403
    assert not AccessRequest.objects.exists()


def test_the_service_refuses_an_ungranted_state_whatever_the_form(spain_granted, correspondent):
    from django.test import RequestFactory

    from accounts.services import NominationRefused, access_request_nominate

    request = RequestFactory().post(NOMINATE)
    with pytest.raises(NominationRefused):
        access_request_nominate(
            data={**FORM, "state": "FR", "states": []}, by=correspondent, request=request
        )
    assert not AccessRequest.objects.exists()
