import pytest

from countries.models import Contact

VALID = {
    "version": 0,
    "reason": "New desk",
    "role": "customs",
    "organisation": "Customs HQ",
    "unit": "Drugs desk",
    "phone": "+32 2 555 01 23",
    "email": "desk@example.org",
    "languages": ["fr", "en"],
    "secure_channels": ["cencomm"],
    "available_24_7": "on",
}


def test_add_contact_normalises_the_phone_and_records_a_version(secretariat_client, france):
    data = {**VALID, "phone": "+33 1 99 00 12 35"}
    response = secretariat_client.post("/countries/fr/contacts/add/", data)
    assert response.status_code == 302
    contact = Contact.objects.get(organisation="Customs HQ")
    assert contact.phone == "+33199001235"
    assert contact.languages == ["fr", "en"] and contact.secure_channels == ["cencomm"]
    assert contact.history.first().history_change_reason == "New desk"


def test_the_contact_form_cannot_set_the_last_test_call(secretariat_client, france):
    """Only the test-call log says when a number was last tested: a date sent with the form
    (as an old page or a hand-made request would) is not stored."""
    form = secretariat_client.get("/countries/fr/contacts/add/").content.decode()
    assert 'name="last_test_call"' not in form
    data = {**VALID, "last_test_call": "2026-10-01"}
    assert secretariat_client.post("/countries/fr/contacts/add/", data).status_code == 302
    contact = Contact.objects.get(organisation="Customs HQ")
    assert contact.last_test_call is None
    assert not contact.test_calls.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "0123", "international format"),
        ("phone", "+33 12", "not a valid phone number"),
        ("email", "not-an-email", "valid email"),
        ("organisation", "", "This field is required"),
        ("reason", "", "Give a reason"),
    ],
)
def test_bad_contact_input_is_refused_with_a_message(
    secretariat_client, france, field, value, message
):
    before = Contact.objects.count()
    response = secretariat_client.post("/countries/fr/contacts/add/", {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Contact.objects.count() == before
    assert "Drugs desk" in response.content.decode()  # the rest of the input is kept


def test_edit_and_remove_contact_keep_history(secretariat_client, france):
    contact = Contact.objects.get(country=france)
    form = secretariat_client.get(f"/countries/fr/contacts/{contact.pk}/edit/").context["form"]
    data = {k: form[k].value() for k in form.fields if form[k].value() not in (None, "")}
    data.update({"reason": "New number", "phone": "+33199009999"})
    data["available_24_7"] = "on"
    assert (
        secretariat_client.post(f"/countries/fr/contacts/{contact.pk}/edit/", data).status_code
        == 302
    )
    contact.refresh_from_db()
    assert contact.phone == "+33199009999" and contact.version == 2
    response = secretariat_client.post(
        f"/countries/fr/contacts/{contact.pk}/delete/", {"version": 2, "reason": "Desk closed"}
    )
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    history = secretariat_client.get("/countries/fr/history/").content.decode()
    assert "Desk closed" in history and "Removed" in history
    assert "Changed: Phone" in history


def test_removing_with_a_stale_version_is_refused(secretariat_client, france):
    contact = Contact.objects.get(country=france)
    response = secretariat_client.post(
        f"/countries/fr/contacts/{contact.pk}/delete/", {"version": 0, "reason": "Old view"}
    )
    assert response.status_code == 302
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_errors_are_summarised_at_the_top_with_links_to_their_fields(secretariat_client, france):
    data = {**VALID, "phone": "0123", "email": "not-an-email"}
    html = secretariat_client.post("/countries/fr/contacts/add/", data).content.decode()
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "There is a problem" in summary
    assert '<a href="#id_phone">Phone: Enter the number in international format' in summary
    assert '<a href="#id_email">E-mail: Enter a valid email address.</a>' in summary
    assert html.index("error-summary") < html.index('name="role"')
