"""One rendering per content, marked per user: the marking on every page is exactly theirs."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from pypdf import PdfReader

from handbook import pdf
from handbook.pdf import DocumentCache, documents
from tests.conftest import verified_login
from tests.factories import VettedOfficialFactory, profile_with

pytestmark = pytest.mark.django_db

EXPORTS = [
    "/countries/fr/pdf",
    "/compare/pdf?c=fr&c=nl&c=be",
    "/route/pdf?origin=nl&transit=be&destination=fr",
]
LINE = re.compile(r"RESTRICTED\. Exported by (.+) \((.+)\) on (\d{4}-\d\d-\d\d \d\d:\d\d) UTC")


@pytest.fixture(autouse=True)
def empty_cache():
    documents.clear()
    yield
    documents.clear()


def _pages(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages]


def _two_officials():
    alice = VettedOfficialFactory(full_name="Alice Ångström", organisation="Police of Ystad")
    bob = VettedOfficialFactory(full_name='Bob "Bobby" O\'Neil', organisation="Douane <Lille>")
    return (alice, verified_login(Client(), alice)), (bob, verified_login(Client(), bob))


@pytest.mark.parametrize("url", EXPORTS)
def test_each_user_gets_exactly_their_marking_on_every_page(route_states, url):
    users = _two_officials()
    for (user, client), (other, _) in (users, users[::-1]):
        before = datetime.now(UTC).replace(second=0, microsecond=0)
        pages = _pages(client.get(url))
        after = datetime.now(UTC)
        for number, text in enumerate(pages, start=1):
            found = LINE.findall(text)
            assert len(found) == 1, (number, text[-300:])
            name, organisation, at = found[0]
            assert (name, organisation) == (user.full_name, user.organisation)
            stamped = datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
            assert before <= stamped <= after
            assert f"Page {number} of {len(pages)}" in text
            assert other.full_name not in text
            assert "RESTRICTED" in text.replace(found[0][0], "")


def test_the_same_content_is_rendered_once_for_every_user(route_states, monkeypatch):
    (_, first), (_, second) = _two_officials()
    rendered = []
    real = pdf.HTML.write_pdf
    monkeypatch.setattr(
        pdf.HTML, "write_pdf", lambda self, **kw: rendered.append(1) or real(self, **kw)
    )
    first.get("/countries/fr/pdf")
    content_renders = len(rendered) - 1  # one for the content, one for the marking
    second.get("/countries/fr/pdf")
    assert content_renders == 1
    assert len(rendered) == 3  # the second export laid out only its marking
    assert len(documents) == 1


def test_a_new_version_is_rendered_anew(route_states, secretariat):
    (_, client), _ = _two_officials()
    assert "Old statute" not in "".join(_pages(client.get("/countries/fr/pdf")))
    profile_with(route_states["FR"], by=secretariat, legal_basis="Old statute of delivery")
    assert "Old statute" in "".join(_pages(client.get("/countries/fr/pdf")))
    assert len(documents) == 2


def test_the_cached_documents_hold_no_user(route_states):
    (alice, client), _ = _two_officials()
    for url in EXPORTS:
        client.get(url)
    for document in documents._items.values():
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(document)).pages)
        assert alice.full_name not in text
        assert alice.organisation not in text
        assert "Exported by" not in text


def test_the_cache_is_bounded_in_bytes_and_drops_the_least_recently_used():
    cache = DocumentCache(limit=10)
    cache.put("a", b"aaaa")
    cache.put("b", b"bbbb")
    assert cache.get("a") == b"aaaa"  # a is now the most recently used
    cache.put("c", b"cccc")
    assert cache.get("b") is None
    assert cache.get("a") == b"aaaa" and cache.get("c") == b"cccc"
    assert cache.size <= 10
    cache.put("huge", b"x" * 11)
    assert cache.get("huge") is None


def test_marking_time_is_utc_whatever_the_time_zone(route_states, settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    (_, client), _ = _two_officials()
    now = datetime.now(UTC)
    at = LINE.findall(_pages(client.get("/countries/fr/pdf"))[0])[0][2]
    stamped = datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert abs(stamped - now) < timedelta(minutes=2)
