from countries.models import Profile
from tests.factories import CountryFactory, profile_with


def test_history_lists_versions_with_who_and_why(official_client, secretariat, france):
    profile_with(france, by=secretariat, reason="Law of 2026", legal_basis="Code, art. 2")
    html = official_client.get("/countries/fr/history/").content.decode()
    assert "Law of 2026" in html and "Initial content" in html
    assert secretariat.full_name in html


def test_diff_shows_the_label_with_old_and_new_values(official_client, secretariat, france):
    profile_with(
        france, by=secretariat, reason="Change", legal_basis="Code, art. 2", urgent_oral="no"
    )
    first, second = Profile.history.filter(country=france).order_by("history_id")[:2]
    response = official_client.get(
        "/countries/fr/history/diff/", {"a": first.history_id, "b": second.history_id}
    )
    changes = {c.label: (c.before, c.after) for c in response.context["changes"]}
    assert changes["National legal basis"] == ("Code, art. 1", "Code, art. 2")
    assert changes["Urgent oral request accepted"] == ("Yes", "No")
    assert len(changes) == 2
    html = response.content.decode()
    assert "National legal basis" in html and "legal_basis" not in html


def test_diff_of_another_countrys_version_is_404(official_client, secretariat, france):
    from tests.factories import CountryFactory

    other = CountryFactory(code="DE")
    profile_with(other, by=secretariat, legal_basis="x")
    record = Profile.history.get(country=other)
    mine = Profile.history.filter(country=france).first()
    response = official_client.get(
        "/countries/fr/history/diff/", {"a": record.history_id, "b": mine.history_id}
    )
    assert response.status_code == 404


def test_revert_restores_content_as_a_new_version(secretariat_client, secretariat, france):
    profile_with(france, by=secretariat, reason="Mistake", legal_basis="Wrong", urgent_oral="no")
    original = Profile.history.filter(country=france).order_by("history_id").first()
    page = secretariat_client.get(f"/countries/fr/history/{original.history_id}/revert/")
    assert "National legal basis" in page.content.decode()
    response = secretariat_client.post(
        f"/countries/fr/history/{original.history_id}/revert/",
        {"version": 2, "reason": "Undo the mistake"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(country=france)
    assert (profile.legal_basis, profile.urgent_oral, profile.version) == ("Code, art. 1", "yes", 3)
    latest = Profile.history.filter(country=france).first()
    assert latest.history_change_reason == "Reverted to version 1: Undo the mistake"
    assert Profile.history.filter(country=france).count() == 3


def test_revert_without_reason_redisplays_with_a_message(secretariat_client, secretariat, france):
    profile_with(france, by=secretariat, reason="Mistake", legal_basis="Wrong")
    original = Profile.history.filter(country=france).order_by("history_id").first()
    response = secretariat_client.post(
        f"/countries/fr/history/{original.history_id}/revert/", {"version": 2, "reason": ""}
    )
    assert response.status_code == 200
    assert "Give a reason for this change" in response.content.decode()
    assert Profile.objects.get(country=france).legal_basis == "Wrong"


def test_reordering_a_list_is_not_a_change(official_client, secretariat, france):
    profile_with(france, by=secretariat, reason="a", request_content=["route", "facts"])
    profile_with(france, by=secretariat, reason="b", request_content=["facts", "route"])
    older, newer = Profile.history.filter(country=france).order_by("-history_id")[:2][::-1]
    response = official_client.get(
        "/countries/fr/history/diff/", {"a": older.history_id, "b": newer.history_id}
    )
    assert response.context["changes"] == []


def test_a_changed_note_is_shown_as_text_in_the_diff(official_client, secretariat, db):
    country = CountryFactory(code="FR")
    profile_with(country, by=secretariat, safeguards_note="<p>Judicial <strong>review</strong></p>")
    profile_with(country, by=secretariat, safeguards_note="<p>Oversight</p>")
    a, b = Profile.history.filter(country=country).order_by("history_id")
    html = official_client.get(
        f"/countries/fr/history/diff/?a={a.history_id}&b={b.history_id}"
    ).content.decode()
    assert '<td class="after" lang="en">Oversight</td>' in html
    assert "&lt;p&gt;" not in html
