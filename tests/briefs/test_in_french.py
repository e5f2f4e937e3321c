"""A French official reads the route brief, the comparison and search in French; a state's PDF
is in the language of the person exporting it, even right after someone exported it in the
other language; a request to a state that reads French is French, with no English left."""

import io

import pytest
from django.test import Client
from docx import Document
from pypdf import PdfReader

from tests.conftest import verified_login
from tests.factories import VettedOfficialFactory, profile_with
from tests.pdfwords import text_of

pytestmark = pytest.mark.django_db

ROUTE = {"origin": "nl", "transit": "be", "destination": "fr", "requesting": "nl"}


def client_in(language: str) -> Client:
    return verified_login(Client(), VettedOfficialFactory(language=language))


@pytest.fixture
def french():
    return client_in("fr")


def assert_french(html: str, *, present: list[str], absent: list[str]) -> None:
    assert '<html lang="fr"' in html
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_the_route_brief_is_french_for_a_french_official(french, route_states):
    html = french.get("/route/", ROUTE).content.decode()
    assert_french(
        html,
        present=[
            "Fiche d'itinéraire",
            "Synthèse de l'itinéraire",
            "Fiche d'appel",
            "Base juridique, tronçon par tronçon",
            "Qui appeler",
            "Rédiger les demandes",
            "Départ",
            'data-transit-label="Transit {n}"',
        ],
        absent=[
            "Route summary",
            "Call sheet",
            "Legal basis, leg by leg",
            "Whom to call",
            "Draft the requests",
            "Build the brief",
            "Requesting state",
        ],
    )


def test_the_comparison_is_french_for_a_french_official(french, route_states):
    html = french.get("/compare/?c=nl&c=be").content.decode()
    assert_french(
        html,
        present=["Comparer des États", "Télécharger le PDF", "Choisir les États et les rubriques"],
        absent=[
            "Compare states",
            "Download PDF",
            "Highlighted rows differ",
            "Choose states and sections",
        ],
    )


def test_search_is_french_for_a_french_official(french, route_states):
    html = french.get("/search/", {"q": "pseudoephedrine"}).content.decode()
    assert_french(
        html,
        present=["Rechercher dans le manuel", "1 État trouvé pour «\u00a0pseudoephedrine\u00a0»"],
        absent=["Search the handbook", "found for", "Quick filters", "Nothing matches"],
    )


def test_a_states_pdf_is_in_the_exporters_language_whatever_was_exported_before(route_states):
    french_pdf = client_in("fr").get("/countries/nl/pdf")
    english_pdf = client_in("en-gb").get("/countries/nl/pdf")
    french_again = client_in("fr").get("/countries/nl/pdf")
    french_text, english_text = text_of(french_pdf.content), text_of(english_pdf.content)
    for heading in ("Points de contact", "DIFFUSION RESTREINTE", "dernière modification le"):
        assert heading in french_text and heading not in english_text
    for heading in ("Contact points", "RESTRICTED — for vetted officials only", "last changed"):
        assert heading in english_text and heading not in french_text
    assert "Points de contact" in text_of(french_again.content)


def _draft_to_france(client, secretariat, route_states, fmt):
    profile_with(route_states["FR"], by=secretariat, languages=["fr"])
    url = "/route/request/fr/?origin=nl&transit=be&destination=fr&requesting=nl"
    page = client.get(url)
    assert page.context["draft"].language == "fr"
    facts = {name: f"FAIT {name}" for name in page.context["form"].fields}
    return page, client.post(url, {**facts, "export": fmt})


# Fixed English text of a draft: none of it may be left in a French one.
ENGLISH_OF_A_DRAFT = [
    "Request for a controlled delivery",
    "Competent authority",
    "Route of the consignment",
    "Role of the requested state",
    "Our reference",
    "Contact points",
    "Legal basis",
    "Contents of the request",
    "Domestic authorising decision",
    "Concealment method",
    "Points of entry and exit",
    "Operation leader",
    "RESTRICTED — case facts",
    "origin)",
]
FRENCH_OF_A_DRAFT = [
    "Demande de livraison surveillée — France",
    "Autorité compétente",
    "Itinéraire de l'envoi",
    "Rôle de l'État requis",
    "Contenu de la demande",
    "1. Décision nationale d'autorisation",
    "2. Mode de dissimulation",
    "(départ)",
]


def test_a_french_draft_in_docx_has_french_headings_and_no_english_left(
    official_client, secretariat, route_states
):
    _, response = _draft_to_france(official_client, secretariat, route_states, "docx")
    document = Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    parts += [p.text for s in document.sections for p in s.header.paragraphs]
    text = " ".join(parts)
    for french_text in FRENCH_OF_A_DRAFT:
        assert french_text in text, french_text
    for english in ENGLISH_OF_A_DRAFT:
        assert english not in text, english


def test_a_french_draft_in_pdf_has_french_headings_and_no_english_left(
    official_client, secretariat, route_states
):
    page, response = _draft_to_france(official_client, secretariat, route_states, "pdf")
    assert page.content.decode().count('lang="fr"') >= 1  # the preview is marked as French
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    for french_text in [*FRENCH_OF_A_DRAFT, "DIFFUSION RESTREINTE — réservé aux agents"]:
        assert french_text in text, french_text
    # the stamp (who exported it) is handbook.pdf's; everything else is the draft's
    text = text.replace("RESTRICTED. Exported by", "")
    for english in ENGLISH_OF_A_DRAFT:
        assert english not in text, english
