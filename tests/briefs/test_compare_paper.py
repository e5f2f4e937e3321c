"""Every chosen state is printed in full: the comparison PDF is read back and every state is
found heading its column inside the page; browser print gets the same column groups."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from briefs.compare import MAX_STATES, PDF_COLUMNS, PRINT_COLUMNS
from countries import schema
from countries.models import Country
from tests.factories import CountryFactory, profile_with
from tests.handbook.test_pdf import assert_marked
from tests.pdfwords import assert_every_state_heads_a_column

pytestmark = pytest.mark.django_db
# Long names first (they wrap in their column heading), then enough for one past the maximum.
CODES = ["BA", "GB", "MK", "VA", "MD", "RU", "CZ", "KG", "TJ", "US", "AE", "NO", "CH", "PL"]
CODES += ["AT", "BE", "DE", "FR", "IT", "ES", "PT"]


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
    countries = make_states(CODES[:count], secretariat)
    response = official_client.get("/compare/pdf", {"c": [c.slug for c in countries]})
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    assert_marked(pages, official)
    assert_every_state_heads_a_column(response.content, [c.name for c in countries])
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
    assert_every_state_heads_a_column(response.content, [c.name for c in countries])


def test_browser_print_gets_the_same_states_in_groups(official_client, secretariat):
    countries = make_states(CODES[:10], secretariat)
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
    codes = [c.slug for c in make_states(CODES[: MAX_STATES + 1], secretariat)]
    assert len(codes) == MAX_STATES + 1
    response = official_client.get("/compare/", {"c": codes})
    assert response.status_code == 400
    assert response.context["matrix"] == []
    assert (
        f"A comparison holds at most {MAX_STATES} states; you chose {MAX_STATES + 1}."
        in response.content.decode()
    )
    assert official_client.get("/compare/pdf", {"c": codes}).status_code == 400
