import pytest
from django.urls import reverse


@pytest.fixture
def page(official_client):
    return official_client.get(reverse("countries:list"))


def test_security_headers_are_present(page):
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in page["Permissions-Policy"]
    assert "geolocation=()" in page["Permissions-Policy"]


def test_csp_allows_no_inline_script_and_no_third_party_origin(page):
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in page["Content-Security-Policy"].split(";")
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert "unsafe-eval" not in page["Content-Security-Policy"]
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    for value in directives.values():
        assert "http" not in value and "*" not in value


def test_pages_contain_no_inline_script_or_style(page):
    html = page.content.decode()
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html


def test_every_page_carries_the_restricted_marking(page):
    assert page.content.decode().count("RESTRICTED") >= 2


@pytest.mark.django_db
def test_login_page_has_headers_and_marking(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert b"RESTRICTED" in response.content


@pytest.mark.django_db
def test_health_check_is_public_and_says_nothing(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_static_files_are_served_by_the_portal(client):
    response = client.get("/static/css/handbook.css")
    assert response.status_code == 200
    assert b".marking" in b"".join(response.streaming_content)
    assert response["Content-Type"].startswith("text/css")
