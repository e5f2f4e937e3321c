"""Accounts in French: the login and second-factor pages for a French browser, e-mails in the
language of the person they go to (the applicant's at the time of asking, then the account's),
and the secretariat's view of each person's language (issue 18)."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessRequest, RequestStatus, User
from accounts.services import accounts_expire_and_remind
from tests.accounts.mailing import mail_sent
from tests.factories import PASSWORD, CountryFactory, UserFactory

pytestmark = pytest.mark.django_db
FRENCH = {"accept-language": "fr-FR,fr;q=0.9"}
ENGLISH = {"accept-language": "en-GB,en;q=0.9"}
APPLICATION = {
    "full_name": "Camille Durand",
    "organisation": "Office anti-stupéfiants (demo)",
    "state": "FR",
    "function": "Commandante",
    "email": "camille.durand@example.org",
    "phone": "",
    "role": "official",
    "reason": "Je conduis des livraisons surveillées.",
    "states": [],
}


def text(response) -> str:
    """The page as a reader sees its characters (apostrophes are escaped in the HTML)."""
    return html.unescape(response.content.decode())


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", text(response), re.S).group(1).strip()


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


def test_the_login_page_is_french_for_a_french_browser():
    response = Client().get(reverse("accounts:login"), headers=FRENCH)
    page = text(response)
    assert heading(response) == "Se connecter"
    assert "Étape 1 sur 2" in page and "Nom d'utilisateur" in page
    assert "Step 1 of 2" not in page and "Forgotten password?" not in page


def test_a_wrong_password_is_refused_in_french():
    user = UserFactory()
    response = Client().post(
        reverse("accounts:login"), {"username": user.username, "password": "wrong"}, headers=FRENCH
    )
    page = text(response)
    assert "Le nom d'utilisateur ou le mot de passe est incorrect." in page
    assert "Il y a un problème" in page and "There is a problem" not in page


def test_the_verify_page_is_french_for_a_french_browser(password_only_client):
    response = password_only_client.get(reverse("accounts:verify"), headers=FRENCH)
    page = text(response)
    assert heading(response) == "Saisissez votre code"
    assert "codes de secours" in page and "Enter your code" not in page
    refused = text(
        password_only_client.post(reverse("accounts:verify"), {"token": "000000"}, headers=FRENCH)
    )
    assert "Ce code n'est pas valable." in refused and "not valid" not in refused


def test_the_enrol_page_is_french_for_a_french_browser():
    user = UserFactory()
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    response = client.get(reverse("accounts:enrol"), headers=FRENCH)
    page = text(response)
    assert heading(response) == "Configurer la double authentification"
    assert 'aria-label="Code QR à scanner avec votre application d\'authentification"' in page
    assert "Set up two-factor login" not in page and "authenticator app" not in page


def _apply(headers: dict) -> AccessRequest:
    CountryFactory(code="FR")
    with mail_sent():
        response = Client().post(reverse("accounts:request_access"), APPLICATION, headers=headers)
    assert response.status_code == 302
    return AccessRequest.objects.get()


def _decide(secretariat_client, access_request: AccessRequest, decision: dict) -> None:
    AccessRequest.objects.filter(pk=access_request.pk).update(status=RequestStatus.PENDING)
    with mail_sent():
        secretariat_client.post(
            reverse("accounts:request_decide", args=[access_request.pk]), decision, headers=ENGLISH
        )


APPROVE = {
    "decision": "approve",
    "role": "official",
    "access_expires": (timezone.localdate() + timedelta(days=90)).isoformat(),
}


def test_an_applicant_who_asked_in_french_gets_french_e_mails(secretariat_client):
    access_request = _apply(FRENCH)
    assert access_request.language == "fr"
    confirm = mail.outbox[-1]
    assert confirm.subject == (
        "Manuel des livraisons surveillées\u00a0: confirmez votre demande d'accès"
    )
    assert "ouvrez ce lien dans les 48 heures" in confirm.body
    assert "open this link" not in confirm.body

    # the secretariat reads in English; the applicant still hears in French
    _decide(secretariat_client, access_request, APPROVE)
    approved = mail.outbox[-1]
    assert "votre accès est approuvé" in approved.subject
    assert "Définissez votre mot de passe" in approved.body and "/set-password/" in approved.body
    assert "approved" not in approved.body
    assert User.objects.get(email=APPLICATION["email"]).language == "fr"


def test_an_applicant_who_asked_in_english_gets_english_e_mails(secretariat_client):
    access_request = _apply(ENGLISH)
    assert access_request.language == "en-gb"
    confirm = mail.outbox[-1]
    assert confirm.subject == "Controlled Delivery Handbook: confirm your request for access"
    assert "open this link within 48 hours" in confirm.body
    _decide(secretariat_client, access_request, {"decision": "reject", "reason": "Pas vérifiable."})
    rejected = mail.outbox[-1]
    assert rejected.subject == "Controlled Delivery Handbook: your request for access"
    assert "was not approved, for this reason:" in rejected.body
    assert "Pas vérifiable." in rejected.body


def test_a_rejection_goes_out_in_french_with_the_reason_as_written(secretariat_client):
    access_request = _apply(FRENCH)
    reason = "Not a law-enforcement body; l'organisme n'est pas habilité."
    _decide(secretariat_client, access_request, {"decision": "reject", "reason": reason})
    rejected = mail.outbox[-1]
    assert "n'a pas été approuvée, pour le motif suivant\u00a0:" in rejected.body
    assert reason in rejected.body  # as the secretariat wrote it, not escaped


def test_a_french_user_gets_the_password_reset_e_mail_in_french_from_any_browser():
    person = UserFactory(language="fr")
    with mail_sent():
        Client().post(reverse("accounts:password_reset"), {"email": person.email}, headers=ENGLISH)
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert (
        message.subject
        == "Manuel des livraisons surveillées\u00a0: définir un nouveau mot de passe"
    )
    assert "Quelqu'un, probablement vous" in message.body and "/set-password/" in message.body
    assert "Someone" not in message.body


def test_an_english_user_gets_the_password_reset_e_mail_in_english_from_a_french_browser():
    person = UserFactory(language="en-gb")
    with mail_sent():
        Client().post(reverse("accounts:password_reset"), {"email": person.email}, headers=FRENCH)
    (message,) = mail.outbox
    assert message.subject == "Controlled Delivery Handbook: set a new password"
    assert "Someone, probably you" in message.body


def test_the_reminder_before_access_ends_is_in_the_account_language():
    today = timezone.localdate()
    french = UserFactory(language="fr", access_expires=today + timedelta(days=5))
    with mail_sent():
        accounts_expire_and_remind(today=today)
    (message,) = [m for m in mail.outbox if m.to == [french.email]][:1]
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    month = months.split()[french.access_expires.month - 1]
    assert f"votre accès prend fin le {french.access_expires.day} {month}" in message.subject
    assert "Demandez au secrétariat de le renouveler" in message.body


def test_the_users_page_shows_each_persons_language(secretariat_client, secretariat):
    UserFactory(full_name="Camille Durand", language="fr")
    UserFactory(full_name="Chris Undecided", language="")
    page = secretariat_client.get(reverse("accounts:users"), headers=ENGLISH).content.decode()
    assert '<th scope="col">Language</th>' in page
    assert '<span lang="fr">Français</span>' in page and "not chosen" in page


def test_the_secretariat_pages_are_french_for_a_french_secretariat(secretariat_client, secretariat):
    secretariat.language = "fr"
    secretariat.save(update_fields=["language"])
    users = secretariat_client.get(reverse("accounts:users"))
    assert heading(users) == "Utilisateurs" and "Dernière connexion" in text(users)
    requests = secretariat_client.get(reverse("accounts:requests"))
    assert heading(requests) == "Demandes d'accès"
    assert "En attente du secrétariat" in text(requests)
    assert "Waiting for the secretariat" not in text(requests)
