"""Each page of the states' area reads in French for a person who chose French: its heading
and its buttons, not the English ones; messages after a save too."""

import re

import pytest

from countries.models import Contact, Profile
from countries.services import profile_confirm, profile_revert
from tests.browserform import form_with_button
from tests.conftest import verified_login


@pytest.fixture
def french_secretariat(secretariat, client):
    secretariat.language = "fr"
    secretariat.save(update_fields=["language"])
    return verified_login(client, secretariat)


def _pages(country):
    contact = Contact.objects.get(country=country)
    record = Profile.history.filter(country=country).first()
    base = f"/countries/{country.slug}"
    return {
        "list": ("/countries/", "États participants", "Participating states"),
        "state": (f"{base}/", "Rubriques", "Contact points"),
        "edit": (f"{base}/edit/legal/", "Enregistrer une nouvelle version", "Save a new version"),
        "contact_add": (f"{base}/contacts/add/", "Ajouter un point de contact", "Add a contact"),
        "contact_edit": (
            f"{base}/contacts/{contact.pk}/edit/",
            "Modifier le point de contact",
            "Edit contact point",
        ),
        "contact_delete": (
            f"{base}/contacts/{contact.pk}/delete/",
            "Supprimer ce point de contact\u00a0?",
            "Remove this contact point?",
        ),
        "history": (f"{base}/history/", "Historique des versions", "Version history"),
        "diff": (
            f"{base}/history/diff/?a={record.history_id}&b={record.history_id}",
            "Le contenu de ces deux versions est identique.",
            "The content of these two versions is the same.",
        ),
        "revert": (
            f"{base}/history/{record.history_id}/revert/",
            "Rétablir la version 1\u00a0?",
            "Restore version 1?",
        ),
        "correspondents": (
            f"{base}/correspondents/",
            "Attribuer à un correspondant national",
            "Grant to a national correspondent",
        ),
    }


PAGES = [
    "list",
    "state",
    "edit",
    "contact_add",
    "contact_edit",
    "contact_delete",
    "history",
    "diff",
    "revert",
    "correspondents",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_in_french(french_secretariat, france, page):
    path, french, english = _pages(france)[page]
    response = french_secretariat.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert french in html
    assert english not in html


def test_a_save_is_confirmed_in_french(french_secretariat, france):
    path = "/countries/fr/edit/legal/"
    form = form_with_button(
        french_secretariat.get(path).content.decode(), "Enregistrer une nouvelle version"
    )
    response = french_secretariat.post(
        path, form.post_data(reason="Loi nouvelle", legal_basis="Loi nouvelle, art. 2"), follow=True
    )
    html = response.content.decode()
    assert "enregistré." in html and " saved." not in html


def test_the_local_time_names_the_day_in_french(french_secretariat, france):
    html = french_secretariat.get("/countries/fr/").content.decode()
    assert "Heure locale (France)\u00a0:" in html
    local = html.split('class="local-time"', 1)[1].split("</p>", 1)[0]
    assert re.search(r"</strong> (lun|mar|mer|jeu|ven|sam|dim) \d{1,2} [a-zéû]+\.? <", local), local


def test_the_portal_own_reasons_read_in_french_and_typed_ones_as_typed(
    french_secretariat, secretariat, france
):
    first = Profile.history.filter(country=france).first()
    profile_confirm(country=france, by=secretariat)
    profile_revert(
        country=france, record_id=first.history_id, expected_version=1, by=secretariat, reason="Vu"
    )
    html = french_secretariat.get("/countries/fr/history/").content.decode()
    assert "Confirmée comme à jour" in html and "Confirmed as current" not in html
    assert 'Retour à la version 1\u00a0: <span lang="en">Vu</span>' in html
    assert "Initial content" in html  # what a person typed stays as typed
