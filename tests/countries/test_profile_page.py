from datetime import timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from countries import schema
from countries.models import Profile
from handbook.models import AuditAction, AuditEntry
from tests.factories import ISO_CODES, CountryFactory, contact_for, profile_with


def test_profile_page_shows_every_section_with_labels(official_client, france):
    html = official_client.get("/countries/fr/").content.decode()
    for section in schema.SECTIONS:
        assert str(section.title) in html
    assert "Urgent oral request accepted" in html
    assert 'badge-yes">Yes' in html
    assert "Code, art. 1" in html


def test_unknown_is_shown_as_not_known_never_as_no(official_client, france):
    html = official_client.get("/countries/fr/").content.decode()
    row = html.split("Judicial or independent authorisation required", 1)[1][:300]
    assert "Not known" in row and ">No<" not in row


def test_profile_shows_contacts_and_dates(official_client, france):
    html = official_client.get("/countries/fr/").content.decode()
    assert "National Police" in html and "+33199001234" in html
    assert "Last changed" in html and "Last confirmed as current" in html


def test_officials_see_no_edit_controls(official_client, france):
    html = official_client.get("/countries/fr/").content.decode()
    assert "/countries/fr/edit/" not in html and "Confirm as current" not in html


def test_editors_see_edit_controls(secretariat_client, france):
    html = secretariat_client.get("/countries/fr/").content.decode()
    assert "/countries/fr/edit/legal/" in html and "Confirm as current" in html


def test_stale_after_twelve_months_and_confirming_clears_it(
    secretariat, secretariat_client, france
):
    Profile.objects.filter(country=france).update(confirmed_at=timezone.now() - timedelta(days=396))
    assert "STALE" in secretariat_client.get("/countries/fr/").content.decode()
    response = secretariat_client.post("/countries/fr/confirm/")
    assert response.status_code == 302
    assert "STALE" not in secretariat_client.get("/countries/fr/").content.decode()
    profile = Profile.objects.get(country=france)
    assert profile.version == 1  # confirming does not change the content
    entry = AuditEntry.objects.get(action=AuditAction.PROFILE_CONFIRMED)
    assert entry.actor == secretariat and entry.country == "FR"
    assert Profile.history.filter(country=france).first().history_change_reason == (
        "Confirmed as current"
    )


def test_never_confirmed_profile_is_stale(official_client, france):
    assert "STALE" in official_client.get("/countries/fr/").content.decode()


def test_overdue_test_call_is_flagged(official_client, france, secretariat):
    contact_for(
        france,
        by=secretariat,
        organisation="Old Desk",
        last_test_call=timezone.localdate() - timedelta(days=200),
    )
    contact_for(
        france,
        by=secretariat,
        organisation="Fresh Desk",
        last_test_call=timezone.localdate() - timedelta(days=20),
    )
    html = official_client.get("/countries/fr/").content.decode()
    call_now, contacts = html.split('id="contacts"', 1)
    for part, end in ((call_now, "</li>"), (contacts, "</article>")):
        old = part.split("Old Desk", 1)[1].split(end, 1)[0]
        fresh = part.split("Fresh Desk", 1)[1].split(end, 1)[0]
        assert "Test call overdue" in old and "Test call overdue" not in fresh


def test_user_text_is_escaped(secretariat_client, secretariat, france):
    # Notes: tests/countries/test_notes_markdown.py.
    profile_with(france, by=secretariat, reason="x", legal_basis="<script>alert(1)</script>")
    html = secretariat_client.get("/countries/fr/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize(
    ("path", "listed", "most"),
    [
        ("/countries/fr/", "contacts", 5),  # 4, and whether one watches the state
        ("/countries/fr/history/", "versions", 7),
    ],
)
def test_country_and_history_query_counts_do_not_grow(
    official_client, secretariat, django_assert_max_num_queries, rows, path, listed, most
):
    """With 5 or 50 contacts and versions, the same number of queries."""
    country = CountryFactory(code="FR")
    for n in range(rows):
        contact_for(country, by=secretariat, organisation=f"Desk {n}")
        profile_with(country, by=secretariat, reason=f"v{n}", legal_basis=f"Art. {n}")
    official_client.get(path)
    with django_assert_max_num_queries(most):
        response = official_client.get(path)
    assert len(response.context[listed]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_country_page_rendered_afresh_reads_a_fixed_number_of_queries(
    official_client, secretariat, django_assert_max_num_queries, rows
):
    """Its parts not in the cache, the page loads the profile, contact points and reports once."""
    country = CountryFactory(code="FR")
    contacts = [contact_for(country, by=secretariat, organisation=f"Desk {n}") for n in range(rows)]
    named = {f"authority_{way}_contact": contacts[-1].pk for way in ("incoming", "outgoing")}
    profile_with(country, by=secretariat, legal_basis="Art. 1", **named)
    official_client.get("/countries/fr/")
    caches["template_fragments"].clear()
    with django_assert_max_num_queries(8):  # 5 as above, then the profile, contacts and reports
        html = official_client.get("/countries/fr/").content.decode()
    assert html.count(f"Desk {rows - 1}") >= 3  # listed, and named by two answers


@pytest.mark.parametrize("rows", [5, 50])
def test_list_page_query_count_with_profiles(
    official_client, secretariat, django_assert_max_num_queries, rows
):
    for code in ISO_CODES[:rows]:
        profile_with(CountryFactory(code=code), by=secretariat, legal_basis="x")
    official_client.get(reverse("countries:list"))
    with django_assert_max_num_queries(4):
        official_client.get(reverse("countries:list"))
