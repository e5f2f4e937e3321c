"""Concurrent edits merge, and never revert: a stale save applies only what its author changed;
where two people changed the same field, both values are shown and the person chooses.

Every form here is opened and submitted as a browser does (tests/browserform.py).
"""

import re

import pytest
from django.test import Client

from countries.models import Contact, Profile
from tests.browserform import form_with_button
from tests.conftest import verified_login
from tests.factories import SecretariatFactory

LEGAL = "/countries/fr/edit/legal/"
SAVE = "Save a new version"


class Editor:
    """One person with a form open in their browser."""

    def __init__(self, name: str, path: str = LEGAL, button: str = SAVE):
        self.client = verified_login(Client(), SecretariatFactory(full_name=name))
        self.path, self.button = path, button
        self.open()

    def open(self):
        self.form = form_with_button(self.client.get(self.path).content.decode(), self.button)

    def save(self, **typed):
        """Type over fields of the open form and press save; the response's form stays open."""
        response = self.client.post(self.path, self.form.post_data(**typed))
        if response.status_code == 200:
            self.form = form_with_button(response.content.decode(), self.button)
        return response


def _text(html: str) -> str:
    """The words of a page without its tags (each value is marked with its `lang`)."""
    return re.sub(r"<[^>]*>", "", html)


def _legal(**fields):
    profile = Profile.objects.get(country="FR")
    return {name: getattr(profile, name) for name in fields}


def test_stale_save_of_another_field_is_applied_on_top(db, france):
    ana, ben = Editor("Ana"), Editor("Ben")
    assert ana.save(reason="Ana", legal_basis="Statute of Ana").status_code == 302
    response = ben.save(reason="Ben", legal_basis_url="https://example.org/ben")
    assert response.status_code == 302
    profile = Profile.objects.get(country="FR")
    assert profile.legal_basis == "Statute of Ana"  # not put back by Ben's stale copy
    assert profile.legal_basis_url == "https://example.org/ben"
    assert profile.version == 3
    message = ben.client.get("/countries/fr/").content.decode()
    assert "only your changes were applied, on top of theirs" in message


def test_same_field_shows_both_values_and_saves_nothing_until_chosen(db, france):
    ana, ben = Editor("Ana Other"), Editor("Ben")
    ana.save(reason="Ana", legal_basis="Statute of Ana")
    response = ben.save(
        reason="Ben", legal_basis="Statute of Ben", legal_basis_url="https://example.org/ben"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Other saved version 2 while you were editing version 1" in html
    conflict = _text(html.split('class="conflict"', 1)[1].split("</section>", 1)[0])
    assert "Code, art. 1" in conflict  # when Ben opened it
    assert "Keep: Statute of Ana" in conflict and "Use yours: Statute of Ben" in conflict
    assert _legal(legal_basis=1, legal_basis_url=1) == {
        "legal_basis": "Statute of Ana",
        "legal_basis_url": "",
    }
    data = ben.form.post_data()
    assert data["legal_basis_url"] == ["https://example.org/ben"]  # the rest he typed is kept
    assert data["reason"] == ["Ben"]

    # pressing save without choosing asks again, still saving nothing
    again = ben.save()
    assert again.status_code == 200
    assert "Choose which value to keep" in again.content.decode()
    assert "Keep: Statute of Ana" in _text(again.content.decode())
    assert Profile.objects.get(country="FR").version == 2

    assert ben.save(keep_legal_basis="theirs").status_code == 302
    assert _legal(legal_basis=1, legal_basis_url=1) == {
        "legal_basis": "Statute of Ana",
        "legal_basis_url": "https://example.org/ben",
    }


def test_choosing_yours_replaces_theirs_knowingly(db, france):
    ana, ben = Editor("Ana"), Editor("Ben")
    ana.save(reason="Ana", legal_basis="Statute of Ana", double_criminality="yes")
    assert ben.save(reason="Ben", legal_basis="Statute of Ben").status_code == 200
    assert ben.save(keep_legal_basis="mine").status_code == 302
    assert _legal(legal_basis=1, double_criminality=1) == {
        "legal_basis": "Statute of Ben",
        "double_criminality": "yes",  # Ana's other change survives Ben's second save
    }


def test_contact_conflict_shows_before_and_now(db, france):
    contact = Contact.objects.get(country=france)
    path = f"/countries/fr/contacts/{contact.pk}/edit/"
    ana, ben = Editor("Ana", path, "Save"), Editor("Ben", path, "Save")
    assert ana.save(reason="Ana", hours="Mon-Fri 08-18", phone="+33199005555").status_code == 302
    response = ben.save(reason="Ben", hours="Always")
    assert response.status_code == 200
    conflict = _text(response.content.decode().split('class="conflict"', 1)[1])
    assert "+33199001234" in conflict and "+33199005555" in conflict  # before and now
    assert "Keep: Mon-Fri 08-18" in conflict and "Use yours: Always" in conflict
    assert ben.save(keep_hours="mine").status_code == 302
    contact.refresh_from_db()
    assert (contact.hours, contact.phone) == ("Always", "+33199005555")


@pytest.mark.parametrize("editors", [2, 10])
def test_every_acknowledged_value_is_kept_or_knowingly_replaced(db, france, editors):
    """Editors open the section at once and save in turn; some change the same field.

    A value is acknowledged when its save redirects. Each acknowledged value must be the final
    one, or have been replaced by a later editor who was shown it and chose theirs over it.
    """
    fields = ["legal_basis", "legal_basis_url", "cd_possible_condition", "defined_in_law_condition"]
    people = [Editor(f"Editor {i}") for i in range(editors)]
    acknowledged = []  # (field, value, editor)
    replaced_knowingly = set()  # (field, value) someone was shown and chose to replace
    for i, person in enumerate(people):
        field = fields[i % len(fields)]
        value = f"https://example.org/{i}" if field.endswith("url") else f"Answer {i}"
        response = person.save(reason=f"Edit {i}", **{field: value})
        if response.status_code == 200:  # a clash: the person sees the current value
            shown = _legal(**{field: 1})[field]
            assert f"Keep: {shown}" in _text(response.content.decode())
            replaced_knowingly.add((field, shown))
            response = person.save(**{f"keep_{field}": "mine"})
        assert response.status_code == 302
        acknowledged.append((field, value, i))

    final = _legal(**dict.fromkeys(fields, 1))
    assert len(acknowledged) == editors
    for field, value, _ in acknowledged:
        assert final[field] == value or (field, value) in replaced_knowingly, (field, value)
    for field in {f for f, _, _ in acknowledged}:
        last = [v for f, v, _ in acknowledged if f == field][-1]
        assert final[field] == last
