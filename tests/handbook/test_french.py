"""The handbook's own pages in French: audit action names on the audit log page, its CSV
headers, the error pages and the PDF marking, for a French reader (issue 18)."""

import html
import io

import pytest
from django.utils import translation
from django.views.defaults import server_error
from pypdf import PdfReader

from handbook import pdf
from handbook.audit import audit_record
from handbook.models import AuditAction
from tests.factories import AccessRequestFactory, VettedOfficialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_secretariat_client(secretariat, secretariat_client):
    secretariat.language = "fr"
    secretariat.save(update_fields=["language"])
    return secretariat_client


def test_audit_action_names_are_french_for_a_french_secretariat(french_secretariat_client):
    audit_record(action=AuditAction.LOGIN_SUCCESS)
    audit_record(action=AuditAction.BACKUP_CODE_USED, detail="3 backup codes left")
    page = html.unescape(french_secretariat_client.get("/audit/").content.decode())
    assert "<h1>Journal d'audit</h1>" in page
    assert "Connexion réussie" in page and "Code de secours utilisé" in page
    assert "Login succeeded" not in page and "Backup code used" not in page
    assert "Toutes les actions" in page  # the filter's choices too
    assert '<td lang="en">3 backup codes left</td>' in page  # written by the code, marked


def test_audit_csv_headers_are_french_for_a_french_secretariat(french_secretariat_client):
    audit_record(action=AuditAction.LOGIN_SUCCESS)
    response = french_secretariat_client.get("/audit/csv")
    first = b"".join(response.streaming_content).decode().splitlines()[0]
    assert first == "heure (UTC),utilisateur,action,objet,État,adresse,détail"


def test_the_404_page_is_french_for_a_french_reader(french_secretariat_client):
    response = french_secretariat_client.get("/countries/qq/")
    assert response.status_code == 404
    page = html.unescape(response.content.decode())
    assert "<h1>Page introuvable</h1>" in page and "Page not found" not in page


def test_the_400_page_is_french_and_says_so_in_its_lang(client):
    response = client.get("/accounts/login/", {"q": "x\x00"}, headers={"accept-language": "fr"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert '<html lang="fr">' in page
    assert "une valeur contient un caractère NUL" in page and "DIFFUSION RESTREINTE" in page
    assert "could not be completed" not in page


def test_the_pdf_marking_is_in_the_exporters_language():
    person = VettedOfficialFactory(full_name="Camille Durand", organisation="OFAST")
    document = pdf.write_pdf(
        "<html><body><p>x</p><p style='break-before: page'>y</p></body></html>"
    )
    with translation.override("fr"):
        stamped = pdf.stamp(document, pdf.marking_for(person))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(stamped)).pages]
    assert len(pages) == 2
    for number, text in enumerate(pages, start=1):
        assert "DIFFUSION RESTREINTE. Exporté par Camille Durand (OFAST) le" in text
        assert f"Page {number} sur 2" in text
        assert "Exported by" not in text and " of 2" not in text


def test_a_deleted_object_is_named_in_french_on_the_audit_log(french_secretariat_client):
    gone = AccessRequestFactory()
    audit_record(action=AuditAction.REQUEST_REJECTED, target=gone)
    pk = gone.pk
    gone.delete()
    page = html.unescape(french_secretariat_client.get("/audit/").content.decode())
    assert f"demande d'accès {pk} (n'existe plus)" in page
    assert "(deleted)" not in page


def test_the_403_page_is_french_for_a_french_reader(official, official_client):
    official.language = "fr"
    official.save(update_fields=["language"])
    response = official_client.get("/audit/")
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "<h1>Vous n'êtes pas autorisé à effectuer cette action</h1>" in page
    assert "You may not do this" not in page


def test_the_500_page_is_french_and_says_so_in_its_lang(rf):
    with translation.override("fr"):
        response = server_error(rf.get("/"))
    page = html.unescape(response.content.decode())
    assert '<html lang="fr">' in page and "<h1>Une erreur s'est produite</h1>" in page
    assert "Something went wrong" not in page
