"""Currency e-mails are written in each recipient's language: a French watcher's digest is
French, an English one's English, from the same run."""

import pytest
from django.core import mail

from currency import services
from tests.factories import CountryFactory, VettedOfficialFactory, profile_with

pytestmark = pytest.mark.django_db


def test_a_digest_to_a_french_watcher_is_french(secretariat, django_capture_on_commit_callbacks):
    belgium = CountryFactory(code="BE")
    profile_with(belgium, by=secretariat, legal_basis="Old statute")
    french = VettedOfficialFactory(language="fr")
    english = VettedOfficialFactory(language="en-gb")
    for user in (french, english):
        services.watch_start(user=user, country=belgium)
    profile_with(belgium, by=secretariat, legal_basis="New statute")
    with django_capture_on_commit_callbacks(execute=True):
        services.watch_digests_send()
    to = {message.to[0]: message for message in mail.outbox}
    fr, en = to[french.email], to[english.email]
    # (the site's name before the subject is handbook.mail's)
    assert fr.subject.startswith("Manuel des livraisons surveillées")
    assert fr.subject.endswith(" 1 État que vous suivez a changé")
    assert fr.body.startswith("Chère collègue, cher collègue,")
    assert "Ce message ne contient aucun contenu du manuel" in fr.body
    assert "Belgique\u00a0: " in fr.body  # the state's name and the separator in French
    for english_text in ("Dear colleague", "What changed", "This message holds", "you watch"):
        assert english_text not in fr.body
    assert en.subject == "Controlled Delivery Handbook: 1 state you watch changed"
    assert en.body.startswith("Dear colleague,") and "Belgium: " in en.body
