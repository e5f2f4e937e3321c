"""Readers report a problem on an answer or a contact point; the state's correspondents and the
secretariat are told (link only); the answer shows "an update has been requested" to every
reader until a correspondent resolves the report: by saving a new version of that section or
contact point (which closes it by itself), or by an answer."""

import re

import pytest
from django.core import mail

from currency import services
from currency.models import ProblemReport
from handbook.models import AuditAction, AuditEntry
from tests.browserform import form_with_button
from tests.factories import CountryFactory, profile_with

FLAG = "An update has been requested"


@pytest.fixture
def entry(belgium, secretariat, granted_correspondent, desk):
    profile_with(belgium, by=secretariat, legal_basis="Secret statute, art. 7")
    return belgium


def report(client, **data):
    query = "&".join(f"{k}={v}" for k, v in data.items() if k in ("question", "contact"))
    return client.post(f"/currency/be/report/?{query}", data)


def test_reader_reports_an_answer_and_keepers_are_told_by_link(
    official_client,
    official,
    entry,
    granted_correspondent,
    secretariat,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = report(
            official_client, question="legal_basis", kind="outdated", comment="Amended in 2026"
        )
    assert response.status_code == 302 and response["Location"].endswith("/countries/be/#legal")
    made = ProblemReport.objects.get()
    assert (made.by, made.question, made.kind, made.version_reported) == (
        official,
        "legal_basis",
        "outdated",
        1,
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [granted_correspondent.email, secretariat.email]
    )
    body = mail.outbox[0].body
    assert f"/currency/reports/{made.pk}/" in body
    assert "Amended in 2026" not in body and "Secret statute" not in body
    entry_ = AuditEntry.objects.get(action=AuditAction.PROBLEM_REPORTED)
    assert (entry_.actor, entry_.country) == (official, "BE")


def test_every_reader_sees_that_an_update_has_been_requested(
    official_client, official, entry, secretariat_client
):
    services.problem_report(
        country=entry, question="legal_basis", kind="wrong", comment="x", by=official
    )
    for client in (official_client, secretariat_client):
        html = client.get("/countries/be/").content.decode()
        assert html.count(FLAG) == 1


def _read(html: str) -> str:
    """The page's words as a browser lays them out: tags gone, white space one space."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_answer_its_flag_and_the_report_link_read_apart(official_client, official, entry):
    assert "Secret statute, art. 7 Report a problem" in _read(
        official_client.get("/countries/be/").content.decode()
    )
    services.problem_report(
        country=entry, question="legal_basis", kind="wrong", comment="x", by=official
    )
    assert f"Secret statute, art. 7 {FLAG} Report a problem" in _read(
        official_client.get("/countries/be/").content.decode()
    )


def test_a_report_without_a_comment_gets_a_clear_message_and_keeps_the_choice(
    official_client, entry
):
    response = report(official_client, question="legal_basis", kind="wrong", comment="  ")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Say what is wrong, in a comment." in html
    assert form_with_button(html, "Send the report").post_data()["kind"] == ["wrong"]
    assert not ProblemReport.objects.exists()


def test_number_does_not_answer_is_offered_on_contacts_only(official_client, entry, desk):
    on_answer = official_client.get("/currency/be/report/?question=legal_basis").content.decode()
    on_contact = official_client.get(f"/currency/be/report/?contact={desk.pk}").content.decode()
    assert 'value="no_answer"' not in on_answer and 'value="no_answer"' in on_contact
    response = report(official_client, question="legal_basis", kind="no_answer", comment="x")
    assert response.status_code == 200 and not ProblemReport.objects.exists()


def test_reader_reports_a_contact_point(official_client, entry, desk):
    response = report(official_client, contact=desk.pk, kind="no_answer", comment="Rang out")
    assert response.status_code == 302
    assert ProblemReport.objects.get().contact == desk
    html = official_client.get("/countries/be/").content.decode()
    assert html.count(FLAG) == 1


@pytest.mark.parametrize(
    "query", ["question=nope", "contact=999999", "", "question=legal_basis&contact=1"]
)
def test_a_report_on_nothing_known_is_404(official_client, entry, query):
    assert official_client.get(f"/currency/be/report/?{query}").status_code == 404


def test_resolved_by_hand_by_a_version_saved_in_another_section(
    correspondent_client, official, entry, secretariat, django_capture_on_commit_callbacks
):
    """A correction saved in another section than the answer's does not close the report by
    itself; its keeper can still say that version resolved it."""
    made = services.problem_report(
        country=entry, question="legal_basis", kind="outdated", comment="x", by=official
    )
    path = f"/currency/reports/{made.pk}/"
    refused = correspondent_client.post(path, {"how": "version"})
    assert "No new version has been saved since the report" in refused.content.decode()
    made.refresh_from_db()
    assert made.is_open
    profile_with(entry, by=secretariat, authorisation_note="The statute moved: see art. 8")
    made.refresh_from_db()
    assert made.is_open
    with django_capture_on_commit_callbacks(execute=True):
        response = correspondent_client.post(path, {"how": "version"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert not made.is_open and made.resolved_version == 2
    assert [m.to for m in mail.outbox] == [[official.email]]  # the reader is told, link only
    assert AuditEntry.objects.filter(action=AuditAction.PROBLEM_RESOLVED).count() == 1
    html = correspondent_client.get("/countries/be/").content.decode()
    assert FLAG not in html


def _save_through_the_form(client, path: str, button: str = "Save a new version", **typed):
    """Open an edit form and submit it as a browser would, with `typed` over its fields."""
    form = form_with_button(client.get(path).content.decode(), button)
    return client.post(path, form.post_data(**typed))


def test_a_new_version_of_the_section_resolves_its_reports_through_the_edit_form(
    correspondent_client,
    granted_correspondent,
    official,
    entry,
    desk,
    django_capture_on_commit_callbacks,
):
    on_basis = services.problem_report(
        country=entry, question="legal_basis", kind="outdated", comment="x", by=official
    )
    elsewhere = services.problem_report(
        country=entry, question="authority_incoming", kind="wrong", comment="y", by=official
    )
    on_desk = services.problem_report(
        country=entry, contact=desk, kind="no_answer", comment="z", by=official
    )
    assert correspondent_client.get("/countries/be/").content.decode().count(FLAG) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = _save_through_the_form(
            correspondent_client,
            "/countries/be/edit/legal/",
            legal_basis="Amended statute, art. 8",
            reason="Amended in 2026",
        )
    assert response.status_code == 302
    for made in (on_basis, elsewhere, on_desk):
        made.refresh_from_db()
    assert (on_basis.is_open, on_basis.resolved_version, on_basis.resolved_by) == (
        False,
        2,
        granted_correspondent,
    )
    assert elsewhere.is_open and on_desk.is_open  # another section, and a contact point
    resolved = AuditEntry.objects.get(action=AuditAction.PROBLEM_RESOLVED)
    assert (resolved.actor, resolved.target_id, resolved.detail) == (
        granted_correspondent,
        str(on_basis.pk),
        "by version 2",
    )
    assert [m.to for m in mail.outbox] == [[official.email]]  # the reader is told, link only
    assert f"/currency/reports/{on_basis.pk}/" in mail.outbox[0].body
    assert "Amended statute" not in mail.outbox[0].body
    html = correspondent_client.get("/countries/be/").content.decode()
    assert html.count(FLAG) == 2
    legal = html[html.index('id="legal"') : html.index('id="authorisation"')]
    assert FLAG not in legal

    response = _save_through_the_form(
        correspondent_client,
        f"/countries/be/contacts/{desk.pk}/edit/",
        "Save",
        hours="Always",
        reason="Desk hours",
    )
    assert response.status_code == 302
    on_desk.refresh_from_db()
    assert not on_desk.is_open and on_desk.resolved_version == 2
    assert correspondent_client.get("/countries/be/").content.decode().count(FLAG) == 1


def test_a_save_that_changes_nothing_resolves_nothing(correspondent_client, official, entry):
    made = services.problem_report(
        country=entry, question="legal_basis", kind="outdated", comment="x", by=official
    )
    response = _save_through_the_form(
        correspondent_client, "/countries/be/edit/legal/", reason="Looked"
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.is_open
    assert not AuditEntry.objects.filter(action=AuditAction.PROBLEM_RESOLVED).exists()


def test_resolved_by_an_answer_needs_one(correspondent_client, official, entry):
    made = services.problem_report(
        country=entry, question="legal_basis", kind="wrong", comment="x", by=official
    )
    path = f"/currency/reports/{made.pk}/"
    empty = correspondent_client.post(path, {"how": "answer", "answer": ""})
    assert "Write the answer to the reader." in empty.content.decode()
    correspondent_client.post(path, {"how": "answer", "answer": "Still in force."})
    made.refresh_from_db()
    assert made.answer == "Still in force." and made.resolved_version is None
    assert "Still in force." in correspondent_client.get(path).content.decode()


def test_official_cannot_resolve_a_report(official_client, official, entry):
    made = services.problem_report(
        country=entry, question="legal_basis", kind="wrong", comment="x", by=official
    )
    path = f"/currency/reports/{made.pk}/"
    assert "Resolve this report" not in official_client.get(path).content.decode()
    assert official_client.post(path, {"how": "answer", "answer": "x"}).status_code == 403
    made.refresh_from_db()
    assert made.is_open


def test_ungranted_correspondent_cannot_resolve(correspondent_client, official, secretariat, db):
    other = CountryFactory(code="NL")
    profile_with(other, by=secretariat, legal_basis="x")
    made = services.problem_report(
        country=other, question="legal_basis", kind="wrong", comment="x", by=official
    )
    response = correspondent_client.post(
        f"/currency/reports/{made.pk}/", {"how": "answer", "answer": "x"}
    )
    assert response.status_code == 403
    made.refresh_from_db()
    assert made.is_open


def test_the_state_list_shows_open_reports_first(official_client, official, entry):
    first = services.problem_report(
        country=entry, question="legal_basis", kind="wrong", comment="x", by=official
    )
    services.problem_resolve(report=first, how="answer", answer="fine", by=official)
    services.problem_report(
        country=entry, question="legal_basis", kind="outdated", comment="y", by=official
    )
    html = official_client.get("/currency/be/reports/").content.decode()
    assert html.index("Open") < html.index("Resolved")
