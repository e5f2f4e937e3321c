"""The legal records stay as the secretariat wrote them, marked with their language; a French
reader is shown the official French titles, marked lang="fr"."""

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.html import escape, strip_tags

from briefs.drafts import legal_basis
from countries.models import Country
from legal.basis import leg
from legal.models import Declaration, Instrument, Party
from legal.seed import SEED_REASON, seed_french_titles, seed_load
from tests.browserform import form_with_button
from tests.conftest import verified_login
from tests.factories import CountryFactory, VettedOfficialFactory

from .conftest import instrument, standing

pytestmark = pytest.mark.django_db

ETS_FR = "Deuxième Protocole additionnel à la Convention européenne d'entraide judiciaire"


@pytest.fixture
def latvia():
    lv = CountryFactory(code="LV")
    party = standing(lv, "ets182", note="Ratified by the law of 2008.")
    party.history.update(history_change_reason=SEED_REASON)
    Declaration.objects.create(
        party=party,
        kind="authority",
        article="art. 18(4)",
        text="The Ministry of the Interior",
        source_url="https://example.org/decl",
        version=1,
    )
    return lv


def _reader(client, language: str):
    return verified_login(client, VettedOfficialFactory(language=language))


def test_a_french_reader_sees_the_official_french_title_marked_french(client, latvia):
    page = _reader(client, "fr").get("/legal/ets182/").content.decode()
    assert f'<p class="lead"><span lang="fr">{escape(ETS_FR)}' in page
    assert '<span lang="fr">STE n° 182</span>' in page
    assert "Second Additional Protocol" not in page
    # what has no French title stays as written, marked with the instrument's language
    assert '<span class="muted" lang="en">— art. 18</span>' in page


def test_an_english_reader_sees_the_title_as_written(client, latvia):
    page = _reader(client, "en-gb").get("/legal/ets182/").content.decode()
    assert '<span lang="en">Second Additional Protocol to the European Convention' in page
    assert '<span lang="en">ETS No. 182</span>' in page
    assert "Deuxième Protocole" not in page


def test_the_list_shows_each_title_in_the_readers_language(client, latvia):
    instrument("eio"), instrument("un1988")  # seeded, or made again after a flush
    page = _reader(client, "fr").get("/legal/").content.decode()
    eio_fr = escape("Décision d'enquête européenne")
    assert f'<span lang="fr">{eio_fr}</span>' in page
    assert '<span lang="fr">Convention des Nations Unies contre le trafic illicite' in page
    assert "European Investigation Order" not in strip_tags(page)


def test_a_declaration_and_a_note_are_marked_with_the_instruments_language(client, latvia):
    ets = Instrument.objects.get(code="ets182")
    ets.content_language = "de"  # say the secretariat wrote this one's records in German
    ets.save()
    page = _reader(client, "fr").get("/legal/ets182/lv/").content.decode()
    assert '<span lang="de">The Ministry of the Interior</span>' in page
    assert '<p lang="de">Ratified by the law of 2008.</p>' in page
    state = _reader(client, "fr").get("/legal/states/lv/").content.decode()
    assert '<span lang="de">The Ministry of the Interior</span>' in state


def test_the_seed_reason_is_said_in_the_readers_language(client, latvia):
    page = _reader(client, "fr").get("/legal/ets182/lv/").content.decode()
    assert 'Chargé depuis une source citée (<code lang="zxx">legal/data/seed.json</code>)' in page
    assert SEED_REASON not in page


def test_a_legs_reason_and_a_drafts_basis_mark_the_legal_content(latvia):
    ee = CountryFactory(code="EE")
    ets = Instrument.objects.get(code="ets182")
    with translation.override("fr"):
        assert str(ets) == "STE n° 182, art. 18"
        marked = '<span lang="fr">STE n° 182</span>, <span lang="en">art. 18</span>'
        assert ets.shown_name == marked
        # Estonia has no record: the reason names the instrument in French, marked
        assert marked in leg(latvia, ee).reason
        standing(ee, "ets182")
        line = legal_basis(latvia, ee).lines[0]
    assert line.startswith(marked)
    assert '<span lang="en">The Ministry of the Interior</span>' in line
    with translation.override("en-gb"):
        assert str(ets) == "ETS No. 182, art. 18"
        assert ets.shown_name == '<span lang="en">ETS No. 182, art. 18</span>'


def test_the_instrument_form_keeps_the_language_and_the_french_titles(secretariat_client):
    ets = instrument("ets182")
    path = "/legal/ets182/edit/"
    page = secretariat_client.get(path).content.decode()
    form = form_with_button(page, "Save")
    data = form.post_data(
        content_language="de",
        title_fr="Titre officiel",
        short_title_fr="STE 182",
        reason="Checked",
    )
    assert secretariat_client.post(path, data).status_code == 302
    ets.refresh_from_db()
    assert (ets.content_language, ets.title_fr, ets.short_title_fr) == (
        "de",
        "Titre officiel",
        "STE 182",
    )
    assert ets.history.first().content_language == "de"  # in the history
    page = secretariat_client.get(path).content.decode()
    assert 'lang="de"' in page and 'name="title_fr"' in page
    # saved again untouched, nothing changes
    form = form_with_button(page, "Save")
    secretariat_client.post(path, form.post_data(reason="Again"))
    ets.refresh_from_db()
    assert (ets.content_language, ets.title_fr, ets.short_title_fr) == (
        "de",
        "Titre officiel",
        "STE 182",
    )


def test_the_instrument_form_refuses_a_language_not_listed(secretariat_client):
    ets = instrument("ets182")
    page = secretariat_client.get("/legal/ets182/edit/").content.decode()
    data = form_with_button(page, "Save").post_data(content_language="xx", reason="Try")
    assert secretariat_client.post("/legal/ets182/edit/", data).status_code == 200
    ets.refresh_from_db()
    assert ets.content_language == "en"


def test_the_seed_fills_the_french_titles_and_keeps_what_was_written():
    Instrument.objects.all().delete()
    seed_load(Instrument=Instrument, Party=Party, Declaration=Declaration, Country=Country)
    eio = Instrument.objects.get(code="eio")
    assert eio.short_title_fr == "Décision d'enquête européenne"
    assert eio.title_fr.startswith("Directive 2014/41/UE du Parlement européen et du Conseil")
    Instrument.objects.filter(code="un1988").update(title_fr="", short_title_fr="Mine")
    seed_french_titles(Instrument=Instrument)
    un = Instrument.objects.get(code="un1988")
    assert un.short_title_fr == "Mine"  # never overwritten
    assert un.title_fr.startswith("Convention des Nations Unies contre le trafic illicite")
    call_command("legal_seed", verbosity=0)  # idempotent
    assert Instrument.objects.get(code="un1988").short_title_fr == "Mine"


def test_the_docx_basis_keeps_each_pieces_language(latvia):
    from docx import Document
    from docx.oxml.ns import qn

    from briefs.drafts import _add_marked

    ee = CountryFactory(code="EE")
    standing(ee, "ets182")
    with translation.override("fr"):
        line = legal_basis(latvia, ee).lines[0]
    document = Document()
    _add_marked(document, line)
    runs = document.paragraphs[-1].runs
    langs = {}
    for run in runs:
        found = run._element.rPr.find(qn("w:lang")) if run._element.rPr is not None else None
        langs[run.text] = found.get(qn("w:val")) if found is not None else ""
    assert langs["STE n° 182"] == "fr" and langs["art. 18"] == "en"
    assert langs["The Ministry of the Interior"] == "en"
    assert "".join(r.text for r in runs).startswith("STE n° 182, art. 18; Lettonie")
