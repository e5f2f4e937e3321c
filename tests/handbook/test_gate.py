"""The central gate: every URL the project resolves is closed to anonymous and password-only
sessions, except the public allow-list."""

import pytest
from django.test import Client
from django.urls import reverse

from handbook.middleware import PUBLIC_VIEWS, SECOND_FACTOR_VIEWS
from tests.urlwalk import all_url_examples

EXAMPLES = all_url_examples()
GUARDED = [(name, path) for name, path in EXAMPLES if name not in PUBLIC_VIEWS]


def test_the_walk_covers_the_project_and_the_admin():
    names = {name for name, _ in EXAMPLES}
    assert {"countries:list", "countries:detail", "admin:index", "accounts:verify"} <= names
    assert len(EXAMPLES) > 40


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), GUARDED)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_gets_no_content(name, path, method):
    response = getattr(Client(), method)(path)
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("accounts:login") + "?next="), name
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "path"), [(n, p) for n, p in GUARDED if n not in SECOND_FACTOR_VIEWS]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_password_only_session_is_sent_to_second_factor(password_only_client, name, path, method):
    response = getattr(password_only_client, method)(path)
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("accounts:verify") + "?next="), name
    assert response.content == b""


@pytest.mark.django_db
def test_unknown_address_reveals_nothing_to_anonymous():
    response = Client().get("/no/such/page/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_public_allow_list_is_exactly_login_access_request_password_and_health():
    # The language switcher is on every page, the login page too (issue 18).
    assert set(PUBLIC_VIEWS) == {
        "accounts:language",
        "accounts:login",
        "accounts:logged_out",
        "accounts:request_access",
        "accounts:request_sent",
        "accounts:request_confirm",
        "accounts:set_password",
        "accounts:set_password_done",
        "accounts:password_reset",
        "healthz",
        "readyz",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(PUBLIC_VIEWS - {"accounts:request_confirm", "accounts:set_password"})
)
def test_public_pages_reveal_no_user_or_correspondent(name, client):
    from tests.factories import CorrespondentFactory

    CorrespondentFactory(full_name="Zed Secretive", organisation="Hidden Unit")
    html = client.get(reverse(name)).content.decode()
    assert "Zed Secretive" not in html and "Hidden Unit" not in html


@pytest.mark.django_db
def test_verified_official_reaches_the_country_list(official_client):
    assert official_client.get(reverse("countries:list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("client_fixture", ["official_client", "correspondent_client"])
def test_admin_is_for_the_secretariat_only(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    for path in ["/admin/", "/admin/login/", "/admin/accounts/user/"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"You may not do this" in response.content


@pytest.mark.django_db
def test_secretariat_reaches_the_admin(secretariat_client):
    response = secretariat_client.get("/admin/accounts/user/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_secretariat_with_password_only_cannot_reach_the_admin(secretariat):
    client = Client()
    client.force_login(secretariat)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
