"""Every chosen state is printed in full: the comparison PDF is read back and every state is
found heading its column inside the page; browser print gets the same column groups."""

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from briefs.compare import MAX_STATES, PDF_COLUMNS, PRINT_COLUMNS
from countries import schema
from countries.models import Country
from tests.factories import CountryFactory, profile_with
from tests.handbook.test_pdf import assert_marked

pytestmark = pytest.mark.django_db
XHTML = "{http://www.w3.org/1999/xhtml}"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils
LONG_NAMES = ["BA", "GB", "MK", "VA", "MD", "RU", "CZ", "KG", "TJ", "US", "AE", "NO", "CH", "PL"]


def heads_inside_pages(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Per page, the words of the column headings (the row that starts with "Question") that
    lie entirely inside the page, as (x, word). Word boxes come from poppler's pdftotext."""
    xhtml = subprocess.run(  # noqa: S603 (a fixed command on our own PDF)
        [PDFTOTEXT, "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    pages = []
    root = ET.fromstring(xhtml)  # noqa: S314 (poppler's output for our own PDF)
    for page in root.iter(f"{XHTML}page"):
        width, height = float(page.get("width")), float(page.get("height"))
        words = [
            (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), w.text or "")
            for w in page.iter(f"{XHTML}word")
        ]
        question = next((w for w in words if w[3] == "Question"), None)
        if question is None:
            pages.append([])
            continue
        top = question[1]
        pages.append(
            [
                (x0, text)
                for x0, y0, x1, text in words
                if top - 2 <= y0 <= top + 40 and x0 > question[2] and x1 <= width and y0 < height
            ]
        )
    return pages


def assert_every_state_heads_a_column(pdf: bytes, countries: list[Country]) -> None:
    pages = heads_inside_pages(pdf)
    for country in countries:
        words = country.name.replace(",", "").split()
        hits = [
            page
            for page in pages
            if all(any(text.rstrip(",") == w for _, text in page) for w in words)
        ]
        assert hits, f"{country.name} heads no column inside a page"
        xs = [x for x, text in hits[0] if text.rstrip(",") in words]
        assert max(xs) - min(xs) < 150, f"{country.name} is split across columns"


def make_states(codes, by):
    link = schema.LINK.example(next(q for q in schema.QUESTIONS.values() if q.kind is schema.LINK))
    link_question = next(q for q in schema.QUESTIONS.values() if q.kind is schema.LINK)
    countries = []
    for code in codes:
        country = CountryFactory(code=code)
        profile_with(
            country,
            by=by,
            **{link_question.key: link + "/" + "averyveryverylongpathsegment" * 6},
            legal_basis="Rechtshilfeübereinkommensdurchführungsverordnungsänderungsgesetz, §1",
        )
        countries.append(country)
    return countries


@pytest.mark.parametrize("count", [10, MAX_STATES])
def test_compare_pdf_prints_every_state_heading_its_column(
    official, official_client, secretariat, count
):
    countries = make_states(
        LONG_NAMES[:count]
        + ["AT", "BE", "DE", "FR", "IT", "ES"][: max(0, count - len(LONG_NAMES))],
        secretariat,
    )
    response = official_client.get("/compare/pdf", {"c": [c.slug for c in countries]})
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    assert_marked(pages, official)
    assert_every_state_heads_a_column(response.content, countries)
    groups = -(-count // PDF_COLUMNS)
    assert f"Printed in {groups} groups of at most {PDF_COLUMNS} states" in " ".join(
        pages[0].split()
    )


def test_compare_pdf_of_all_demo_states(official_client):
    call_command("load_demo", verbosity=0)
    countries = list(Country.objects.filter(profile__demo=True))
    assert len(countries) >= 12
    response = official_client.get("/compare/pdf", {"c": [c.slug for c in countries]})
    assert response.status_code == 200
    assert_every_state_heads_a_column(response.content, countries)


def test_browser_print_gets_the_same_states_in_groups(official_client, secretariat):
    countries = make_states(LONG_NAMES[:10], secretariat)
    response = official_client.get("/compare/", {"c": [c.slug for c in countries]})
    groups = response.context["print_groups"]
    assert [len(g.countries) for g in groups] == [PRINT_COLUMNS] * 2 + [10 - 2 * PRINT_COLUMNS]
    assert [c for g in groups for c in g.countries] == countries
    html = response.content.decode()
    printed = html.split('class="print-only matrix-print"', 1)[1]
    assert printed.count('<th scope="col">Question</th>') == len(groups)
    for country in countries:
        assert f'<th scope="col" class="state-head">{country.name}' in printed


def test_a_state_chosen_many_times_is_compared_once(official_client, route_states):
    response = official_client.get("/compare/", {"c": ["fr"] * 300 + ["nl", "FR"]})
    assert response.status_code == 200
    assert [c.code.code for c in response.context["countries"]] == ["FR", "NL"]


def test_more_than_the_maximum_is_refused_with_a_clear_message(official_client, secretariat):
    codes = [
        c.slug
        for c in make_states(
            LONG_NAMES[: MAX_STATES - 6] + ["AT", "BE", "DE", "FR", "IT", "ES", "PT"], secretariat
        )
    ]
    assert len(codes) == MAX_STATES + 1
    response = official_client.get("/compare/", {"c": codes})
    assert response.status_code == 400
    assert response.context["matrix"] == []
    assert (
        f"A comparison holds at most {MAX_STATES} states; you chose {MAX_STATES + 1}."
        in response.content.decode()
    )
    assert official_client.get("/compare/pdf", {"c": codes}).status_code == 400
