"""The whole path: request, e-mail confirmation, approval, password, TOTP, the country list."""

import re
from binascii import unhexlify
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP

from accounts.models import AccessRequest, RequestStatus, User
from accounts.views import ENROL_KEY_SESSION
from countries.access import can_edit_country
from handbook.models import AuditAction, AuditEntry
from tests.accounts.mailing import mail_sent
from tests.factories import CountryFactory, UserFactory

pytestmark = pytest.mark.django_db
REQUEST = reverse("accounts:request_access")
FORM = {
    "full_name": "Sofia Sánchez",
    "organisation": "Guardia Civil (demo)",
    "state": "ES",
    "function": "Inspector",
    "email": "Sofia.Sanchez@example.org",
    "phone": "+34 915 550 123",
    "role": "correspondent",
    "reason": "I keep the Spanish profile.",
    "states": ["ES"],
}


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


def page_text(response) -> bytes:
    """The page without its CSRF token, which differs for every visitor (the language switcher's
    form is on every page)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


@pytest.fixture
def spain(db):
    return CountryFactory(code="ES")


def test_request_to_country_list_end_to_end(spain, secretariat_client, secretariat):
    applicant = Client()
    with mail_sent():
        assert applicant.post(REQUEST, FORM).status_code == 302
    access_request = AccessRequest.objects.get()
    assert access_request.status == RequestStatus.UNCONFIRMED
    assert access_request.phone == "+34915550123"
    assert len(mail.outbox) == 1 and "confirm" in mail.outbox[0].subject

    # not yet in the queue
    assert "Sofia" not in secretariat_client.get(reverse("accounts:requests")).content.decode()
    confirmed = applicant.post(link_in(mail.outbox[0]))
    assert "reached the secretariat" in confirmed.content.decode()
    assert "Sofia Sánchez" in secretariat_client.get(reverse("accounts:requests")).content.decode()

    expires = timezone.localdate() + timedelta(days=200)
    with mail_sent():
        response = secretariat_client.post(
            reverse("accounts:request_decide", args=[access_request.pk]),
            {
                "decision": "approve",
                "role": "correspondent",
                "states": ["ES"],
                "access_expires": expires.isoformat(),
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="sofia.sanchez@example.org")
    assert (user.role, user.access_expires, user.has_usable_password()) == (
        "correspondent",
        expires,
        False,
    )
    assert can_edit_country(user, spain)
    invitation = mail.outbox[-1]
    assert "approved" in invitation.subject and "set-password" in invitation.body

    # set a password (Django redirects to a session-bound form URL first)
    page = applicant.get(link_in(invitation), follow=True)
    applicant.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a long passphrase 2026", "new_password2": "a long passphrase 2026"},
    )
    assert User.objects.get(pk=user.pk).has_usable_password()

    # log in, enrol the second factor, see the country list
    applicant.post(
        reverse("accounts:login"),
        {"username": "sofia.sanchez@example.org", "password": "a long passphrase 2026"},
    )
    assert applicant.get(reverse("countries:list"))["Location"].startswith(
        reverse("accounts:verify")
    )
    applicant.get(reverse("accounts:enrol"))
    key = applicant.session[ENROL_KEY_SESSION]
    applicant.post(reverse("accounts:enrol"), {"token": f"{TOTP(unhexlify(key)).token():06d}"})
    assert applicant.get(reverse("countries:list")).status_code == 200
    assert applicant.get("/countries/es/edit/legal/").status_code == 200
    assert applicant.get("/countries/fr/edit/legal/").status_code in (403, 404)

    recorded = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        AuditAction.REQUEST_SUBMITTED,
        AuditAction.REQUEST_CONFIRMED,
        AuditAction.REQUEST_APPROVED,
        AuditAction.STATE_GRANTED,
        AuditAction.OTP_ENROLLED,
    } <= recorded


def test_rejection_sends_the_reason(spain, secretariat_client):
    Client().post(REQUEST, {**FORM, "role": "official", "states": []})
    access_request = AccessRequest.objects.get()
    AccessRequest.objects.filter(pk=access_request.pk).update(status=RequestStatus.PENDING)
    with mail_sent():
        secretariat_client.post(
            reverse("accounts:request_decide", args=[access_request.pk]),
            {"decision": "reject", "reason": "Not a law-enforcement body."},
        )
    assert AccessRequest.objects.get().status == RequestStatus.REJECTED
    assert "Not a law-enforcement body." in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action=AuditAction.REQUEST_REJECTED).count() == 1


def test_a_second_request_for_a_known_address_looks_the_same(spain):
    UserFactory(email="known@example.org")
    first = Client().post(REQUEST, {**FORM, "email": "known@example.org"}, follow=True)
    second = Client().post(REQUEST, {**FORM, "email": "nobody@example.org"}, follow=True)
    assert first.status_code == second.status_code == 200
    assert page_text(first) == page_text(second)


def test_expired_or_forged_confirmation_link_is_refused(spain):
    with mail_sent():
        Client().post(REQUEST, FORM)
    link = link_in(mail.outbox[0])
    forged = link.rstrip("/")[:-3] + "xyz/"
    for response in (Client().get(forged), Client().post(forged)):
        assert response.status_code == 400 and "does not work" in response.content.decode()
    assert AccessRequest.objects.get().status == RequestStatus.UNCONFIRMED


def test_requests_are_rate_limited_per_address(spain, settings):
    settings.ACCESS_REQUESTS_PER_HOUR = 2
    client = Client()
    for n in range(2):
        client.post(REQUEST, {**FORM, "email": f"a{n}@example.org"})
    response = client.post(REQUEST, {**FORM, "email": "a3@example.org"})
    assert response.status_code == 200
    assert "Too many requests" in response.content.decode()
    assert AccessRequest.objects.count() == 2


def test_missing_fields_redisplay_with_messages(spain):
    response = Client().post(REQUEST, {**FORM, "email": "not-an-address", "states": []})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose the states you would maintain." in html and "Enter a valid email" in html
    assert "Sofia Sánchez" in html
    assert not AccessRequest.objects.exists()


def test_approving_an_address_that_has_an_account_is_refused(spain, secretariat_client):
    UserFactory(email="sofia.sanchez@example.org")
    Client().post(REQUEST, FORM)
    access_request = AccessRequest.objects.get()
    AccessRequest.objects.filter(pk=access_request.pk).update(status=RequestStatus.PENDING)
    response = secretariat_client.post(
        reverse("accounts:request_decide", args=[access_request.pk]),
        {
            "decision": "approve",
            "role": "official",
            "access_expires": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert "exists already" in response.content.decode()
    assert AccessRequest.objects.get().status == RequestStatus.PENDING


@pytest.mark.parametrize("client_fixture", ["official_client", "correspondent_client"])
def test_vetting_is_for_the_secretariat_only(request, client_fixture, spain):
    client = request.getfixturevalue(client_fixture)
    Client().post(REQUEST, FORM)
    pk = AccessRequest.objects.get().pk
    assert client.get(reverse("accounts:requests")).status_code == 403
    assert (
        client.post(
            reverse("accounts:request_decide", args=[pk]), {"decision": "reject", "reason": "x"}
        ).status_code
        == 403
    )
    assert AccessRequest.objects.get().status == RequestStatus.UNCONFIRMED


def test_queue_filters_by_status_role_and_state(secretariat_client, spain):
    for n, (role, state) in enumerate(
        [("official", "ES"), ("correspondent", "ES"), ("official", "FR")]
    ):
        Client().post(
            REQUEST,
            {**FORM, "email": f"p{n}@example.org", "role": role, "state": state, "states": ["ES"]},
        )
    AccessRequest.objects.update(status=RequestStatus.PENDING)
    page = secretariat_client.get(reverse("accounts:requests"), {"role": "official", "state": "es"})
    assert [r.email for r in page.context["requests"]] == ["p0@example.org"]
    rejected = secretariat_client.get(reverse("accounts:requests"), {"status": "rejected"})
    assert list(rejected.context["requests"]) == []


@pytest.mark.parametrize("method", ["get", "head"])
def test_opening_the_confirmation_link_does_not_confirm(spain, method):
    """Mail scanners open links: only pressing the button confirms (finding 11)."""
    with mail_sent():
        Client().post(REQUEST, FORM)
    link = link_in(mail.outbox[0])
    response = getattr(Client(), method)(link)
    assert response.status_code == 200
    assert AccessRequest.objects.get().status == RequestStatus.UNCONFIRMED
    if method == "get":
        assert "Confirm my request" in response.content.decode()
    assert Client().post(link).status_code == 200
    assert AccessRequest.objects.get().status == RequestStatus.PENDING
