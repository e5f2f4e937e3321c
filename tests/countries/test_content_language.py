"""Content stays as written: a profile records the language its answers are written in, and
pages mark what people wrote with it (`lang`), whatever language the reader reads the portal in.

Forms are opened and submitted as a browser does (tests/browserform.py).
"""

import re

import pytest
from django.test import Client

from countries.models import Profile
from countries.schema import InvalidAnswer
from tests.browserform import form_with_button
from tests.conftest import verified_login
from tests.factories import SecretariatFactory, contact_for, profile_with

LEGAL = "/countries/fr/edit/legal/"


def _reading_in_french(user, client):
    user.language = "fr"
    user.save(update_fields=["language"])
    return verified_login(client, user)


def _marked(html: str, lang: str, text: str) -> bool:
    """`text` is the whole content of an element marked lang=`lang`."""
    pattern = rf'<(\w+)[^>]*\blang="{lang}"[^>]*>\s*{re.escape(text)}\s*</\1>'
    return re.search(pattern, html) is not None


def test_french_reader_gets_french_words_around_english_content(official, client, france):
    html = _reading_in_french(official, client).get("/countries/fr/").content.decode()
    assert '<html lang="fr"' in html
    assert "Points de contact" in html and "Appeler maintenant" in html
    assert "Contact points" not in html and "Call now" not in html
    assert _marked(html, "en", "Code, art. 1")  # the legal basis, as the correspondent wrote it
    assert _marked(html, "en", "National Police")  # a contact point's organisation
    # The portal's own words (an option) are the reader's, not the content's: not marked.
    assert re.search(r'<span class="badge badge-yes">', html)
    assert not re.search(r'<span class="badge badge-yes"[^>]*lang=', html)


def test_a_profile_written_in_french_marks_its_content_fr(official_client, secretariat, france):
    profile_with(
        france,
        by=secretariat,
        content_language="fr",
        legal_basis="Code de procédure pénale, art. 706-32",
        legal_note="Autorisation du procureur de la République.",
        urgent_oral_condition="Confirmation écrite sous 24 heures",
    )
    contact_for(france, by=secretariat, role="customs", organisation="Douane française")
    html = official_client.get("/countries/fr/").content.decode()
    assert '<html lang="en' in html  # the reader's language
    assert _marked(html, "fr", "Code de procédure pénale, art. 706-32")
    assert _marked(html, "fr", "Confirmation écrite sous 24 heures")
    assert _marked(html, "fr", "<p>Autorisation du procureur de la République.</p>")
    assert _marked(html, "fr", "Douane française")
    assert not _marked(html, "en", "Code de procédure pénale, art. 706-32")
    assert '<dd class="content-language">French</dd>' in html


def test_french_edit_form_redisplays_errors_in_french_and_loses_nothing(
    secretariat, client, france
):
    client = _reading_in_french(secretariat, client)
    page = client.get(LEGAL).content.decode()
    assert "Langue de rédaction de ces réponses" in page
    form = form_with_button(page, "Enregistrer une nouvelle version")
    assert form.post_data()["content_language"] == ["en"]
    typed = {"content_language": "fr", "legal_basis": "Loi du 3 mai 2026, art. 9"}
    response = client.post(LEGAL, form.post_data(reason=" ", **typed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez le motif de cette modification" in html
    assert "Give a reason" not in html
    again = form_with_button(html, "Enregistrer une nouvelle version").post_data()
    assert again["content_language"] == ["fr"] and again["legal_basis"] == [typed["legal_basis"]]
    assert Profile.objects.get(country=france).version == 1  # nothing saved

    saved = client.post(LEGAL, {**again, "reason": ["Loi nouvelle"]})
    assert saved.status_code == 302
    profile = Profile.objects.get(country=france)
    assert (profile.content_language, profile.legal_basis) == ("fr", typed["legal_basis"])


def test_contact_form_in_french_says_what_is_wrong_in_french(secretariat, client, france):
    client = _reading_in_french(secretariat, client)
    path = "/countries/fr/contacts/add/"
    form = form_with_button(client.get(path).content.decode(), "Enregistrer")
    data = form.post_data(organisation="Douane", phone="01 99", reason="Nouveau")
    html = client.post(path, data).content.decode()
    assert "Saisissez le numéro au format international" in html
    assert 'value="Douane"' in html


def test_the_language_survives_a_round_trip_and_shows_in_history(
    secretariat_client, official_client, france
):
    form = form_with_button(secretariat_client.get(LEGAL).content.decode(), "Save a new version")
    response = secretariat_client.post(
        LEGAL, form.post_data(content_language="fr", reason="Written in French")
    )
    assert response.status_code == 302
    profile = Profile.objects.get(country=france)
    assert (profile.content_language, profile.version) == ("fr", 2)
    first, second = Profile.history.filter(country=france).order_by("history_id")
    assert (first.content_language, second.content_language) == ("en", "fr")

    # Opened again, the form shows French chosen; saved unchanged, it saves no version.
    form = form_with_button(secretariat_client.get(LEGAL).content.decode(), "Save a new version")
    assert form.post_data()["content_language"] == ["fr"]
    secretariat_client.post(LEGAL, form.post_data(reason="Looked"))
    assert Profile.objects.get(country=france).version == 2

    history = official_client.get("/countries/fr/history/").content.decode()
    assert '<td class="content-language">French</td>' in history
    assert '<td class="content-language">English</td>' in history
    diff = official_client.get(
        "/countries/fr/history/diff/", {"a": first.history_id, "b": second.history_id}
    )
    rows = [(c.label, c.before, c.after) for c in diff.context["changes"]]
    assert ("Language these answers are written in", "English", "French") in rows


def test_a_diff_marks_each_version_with_its_own_language(official_client, secretariat, france):
    profile_with(france, by=secretariat, content_language="fr", legal_basis="Code pénal")
    first, second = Profile.history.filter(country=france).order_by("history_id")
    html = official_client.get(
        "/countries/fr/history/diff/", {"a": first.history_id, "b": second.history_id}
    ).content.decode()
    assert '<td class="before" lang="en">Code, art. 1</td>' in html
    assert '<td class="after" lang="fr">Code pénal</td>' in html


def test_a_revert_brings_back_the_language_of_the_version(secretariat_client, secretariat, france):
    profile_with(france, by=secretariat, content_language="fr", legal_basis="Code pénal")
    first = Profile.history.filter(country=france).order_by("history_id").first()
    path = f"/countries/fr/history/{first.history_id}/revert/"
    form = form_with_button(secretariat_client.get(path).content.decode(), "Restore version 1")
    assert secretariat_client.post(path, form.post_data(reason="Back")).status_code == 302
    assert Profile.objects.get(country=france).content_language == "en"


def test_the_history_marks_contact_names_with_the_state_language(
    official_client, secretariat, france
):
    profile_with(france, by=secretariat, content_language="fr")
    html = official_client.get("/countries/fr/history/").content.decode()
    assert _marked(html, "fr", "National Police")


def test_only_a_participating_language_is_accepted(secretariat, france):
    with pytest.raises(InvalidAnswer):
        profile_with(france, by=secretariat, content_language="xx")
    assert Profile.objects.get(country=france).content_language == "en"


def test_a_conflict_marks_both_values_with_the_language(db, france):
    ana, ben = (verified_login(Client(), SecretariatFactory()) for _ in range(2))
    forms = [
        form_with_button(c.get(LEGAL).content.decode(), "Save a new version") for c in (ana, ben)
    ]
    assert ana.post(LEGAL, forms[0].post_data(reason="A", legal_basis="Loi A")).status_code == 302
    response = ben.post(LEGAL, forms[1].post_data(reason="B", legal_basis="Loi B"))
    conflict = response.content.decode().split('class="conflict"', 1)[1]
    assert '<td class="before" lang="en">Code, art. 1</td>' in conflict
    assert _marked(conflict, "en", "Loi A") and _marked(conflict, "en", "Loi B")


def test_the_edit_form_marks_what_is_typed_with_the_language(
    secretariat_client, secretariat, france
):
    profile_with(france, by=secretariat, content_language="fr")
    html = secretariat_client.get(LEGAL).content.decode()
    assert re.search(r'<textarea name="legal_basis"[^>]*\blang="fr"', html)
    assert re.search(r'<textarea name="legal_note"[^>]*\blang="fr"', html)
    assert re.search(r'<input type="text" name="cd_possible_condition"[^>]*\blang="fr"', html)
    assert not re.search(r'<select name="cd_possible"[^>]*\blang=', html)  # options: the portal's
