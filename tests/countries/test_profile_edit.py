"""Editing a section: a reason is required, each save is a version, conflicts are refused."""

from datetime import timedelta

from countries.models import Profile


def _form(client, path):
    """The initial data of the edit form, as a browser would submit it unchanged."""
    form = client.get(path).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            if name.endswith(("_0", "_1")):
                continue
            if field.__class__.__name__ == "DurationInputField":
                data[f"{name}_0"], data[f"{name}_1"] = value
                continue
            data[name] = list(value)
        else:
            data[name] = value
    return data


def test_edit_saves_a_new_version_with_reason_and_author(
    correspondent, correspondent_client, france
):
    from guardian.shortcuts import assign_perm

    assign_perm("countries.change_country", correspondent, france)
    data = _form(correspondent_client, "/countries/fr/edit/authorisation/")
    data.update(
        {
            "reason": "Law of 3 May 2026",
            "urgent_oral": "conditional",
            "urgent_oral_condition": "Only from a prosecutor",
            "decision_time_urgent_0": "4",
            "decision_time_urgent_1": "hours",
            "authority_transit": ["prosecutor", "customs"],
        }
    )
    response = correspondent_client.post("/countries/fr/edit/authorisation/", data)
    assert response.status_code == 302
    profile = Profile.objects.get(country=france)
    assert profile.version == 2
    assert profile.urgent_oral == "conditional"
    assert profile.decision_time_urgent == timedelta(hours=4)
    assert profile.authority_transit == ["prosecutor", "customs"]
    record = Profile.history.filter(country=france).first()
    assert record.history_change_reason == "Law of 3 May 2026"
    assert record.history_user == correspondent
    html = correspondent_client.get("/countries/fr/").content.decode()
    assert "Only from a prosecutor" in html and "4 hours" in html


def test_missing_reason_redisplays_the_form_and_keeps_the_input(secretariat_client, france):
    data = _form(secretariat_client, "/countries/fr/edit/legal/")
    data.update({"reason": "  ", "legal_basis": "New statute, art. 9"})
    response = secretariat_client.post("/countries/fr/edit/legal/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give a reason for this change" in html
    assert "New statute, art. 9" in html
    assert Profile.objects.get(country=france).version == 1


def test_unchanged_form_saves_no_version(secretariat_client, france):
    data = _form(secretariat_client, "/countries/fr/edit/legal/")
    data["reason"] = "Nothing really"
    secretariat_client.post("/countries/fr/edit/legal/", data)
    assert Profile.history.filter(country=france).count() == 1


def test_invalid_duration_is_refused_with_a_message(secretariat_client, france):
    data = _form(secretariat_client, "/countries/fr/edit/authorisation/")
    data.update({"reason": "x", "max_duration_0": "-3", "max_duration_1": "days"})
    response = secretariat_client.post("/countries/fr/edit/authorisation/", data)
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()


def test_clearing_an_answer_makes_it_unknown(secretariat_client, france):
    data = _form(secretariat_client, "/countries/fr/edit/authorisation/")
    data.update({"reason": "Not sure any more", "urgent_oral": ""})
    secretariat_client.post("/countries/fr/edit/authorisation/", data)
    assert Profile.objects.get(country=france).urgent_oral == ""
    html = secretariat_client.get("/countries/fr/").content.decode()
    row = html.split("Urgent oral request accepted", 1)[1][:200]
    assert "Not known" in row


def test_unknown_section_is_404(secretariat_client, france):
    assert secretariat_client.get("/countries/fr/edit/nope/").status_code == 404
