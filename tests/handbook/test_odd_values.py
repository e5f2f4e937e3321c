"""Finding 10: every page answers odd query and form values with a page or a clear 4xx, as
every role, never a server error (docs/security.md, "Odd input")."""

import pytest
from django.test import Client
from django.urls import resolve, reverse

from countries.schema import SECTIONS
from countries.services import correspondent_grant
from currency.services import problem_report
from handbook.middleware import PUBLIC_VIEWS, SECOND_FACTOR_VIEWS
from legal.models import Declaration, Instrument, Party
from tests.conftest import verified_login
from tests.factories import (
    AccessRequestFactory,
    CorrespondentFactory,
    CountryFactory,
    SecretariatFactory,
    TOTPDeviceFactory,
    VettedOfficialFactory,
    contact_for,
    profile_with,
)
from tests.urlwalk import all_url_examples

ODD = [
    "fr\x00de",  # NUL: PostgreSQL cannot store or compare it
    "²",  # a digit to str.isdigit, not to int()
    "١٢",  # Arabic-Indic digits: int() takes them, a URL converter does not
    "9" * 40,  # beyond any integer column
    "x" * 2500,  # beyond any column and any sensible query
    "//evil.example/'\"<>%\u202e",  # another host, markup, a stray % and a bidi override
]
PARAMS = [
    "next", "q", "c", "a", "b", "page", "p", "o", "status", "role", "state", "user", "action",
    "country", "since", "until", "answer", "membership", "only", "section", "origin", "transit",
    "destination", "decision", "token", "reason", "username", "password", "email",
    "_changelist_filters",
]  # fmt: skip
SKIP = {"accounts:logout"}  # it would end the very session the walk uses
EXAMPLES = {name: path for name, path in all_url_examples() if name not in SKIP}
ROLES = ["anonymous", "password_only", "official", "correspondent", "secretariat"]


@pytest.fixture
def world(db):
    secretariat = SecretariatFactory()
    france, _ = CountryFactory(code="FR"), CountryFactory(code="DE")
    profile_with(france, by=secretariat)
    profile_with(france, by=secretariat, reason="Second")
    contact = contact_for(france, by=secretariat)
    request = AccessRequestFactory(confirmed_at=None)
    history = france.profile.history.order_by("history_id").first()
    correspondent = CorrespondentFactory()
    correspondent_grant(country=france, user=correspondent, by=secretariat)
    party = Party.objects.create(
        instrument=Instrument.objects.create(code="odd-treaty", title="T", short_title="T"),
        country=france,
        status="party",
        source_url="https://example.org/t",
        version=1,
    )
    declaration = Declaration.objects.create(
        party=party, kind="authority", text="x", source_url="https://example.org/d", version=1
    )
    report = problem_report(
        country=france, question=SECTIONS[0].questions[0].key, kind="wrong", comment="x",
        by=secretariat,
    )  # fmt: skip
    return {
        "secretariat": secretariat,
        "correspondent": correspondent,
        "kwargs": {
            "code": "fr",
            "section": SECTIONS[0].key,
            "history_id": history.history_id,
            "token": "not-a-token",
            "uidb64": "MQ",
            "state": "fr",
        },
        "pk": {
            "countries:contact_edit": contact.pk,
            "countries:contact_delete": contact.pk,
            "accounts:user_manage": correspondent.pk,
            "accounts:request_decide": request.pk,
            "currency:test_call_add": contact.pk,
            "currency:report_detail": report.pk,
            "legal:declaration_edit": declaration.pk,
            "legal:declaration_delete": declaration.pk,
        },
    }


def _client(role: str, world) -> Client:
    client = Client(raise_request_exception=True)
    if role == "anonymous":
        return client
    if role == "password_only":
        user = VettedOfficialFactory()
        TOTPDeviceFactory(user=user)
        client.force_login(user)
        return client
    user = {"official": VettedOfficialFactory(), **world}[role]
    return verified_login(client, user)


def _path(name: str, sample: str, world) -> str:
    """A real page: the sample path, with real objects for the project's own views."""
    if name.startswith("admin:"):
        return sample
    names = list(resolve(sample).kwargs)
    if not names:
        return sample
    kwargs = {key: world["pk"][name] if key == "pk" else world["kwargs"][key] for key in names}
    return reverse(name, kwargs=kwargs)


def _reaches_the_view(role: str, name: str) -> bool:
    """Whether `role` gets past the gate to the view (else one request shows the gate holds)."""
    if name in PUBLIC_VIEWS:
        return True
    if role == "anonymous":
        return False
    if role == "password_only":
        return name in SECOND_FACTOR_VIEWS
    return role == "secretariat" or not name.startswith("admin:")


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_page_answers_odd_values_without_a_server_error(world, name):
    path = _path(name, EXAMPLES[name], world)
    failures = []
    for role in ROLES:
        client = _client(role, world)
        for value in ODD if _reaches_the_view(role, name) else ODD[:1]:
            data = {param: value for param in PARAMS}
            for method in ("get", "post"):
                try:
                    response = getattr(client, method)(path, data)
                except Exception as error:  # collect every failure, then report them all
                    failures.append((role, method, repr(value)[:20], type(error).__name__))
                    continue
                if response.status_code >= 500:
                    failures.append((role, method, repr(value)[:20], response.status_code))
    assert failures == []


def test_a_long_or_crowded_query_is_refused_before_any_work(official_client):
    assert official_client.get("/search/", {"q": "x" * 1001}).status_code == 400
    crowded = "&".join(f"c{n}=fr" for n in range(101))
    assert official_client.get(f"/compare/?{crowded}").status_code == 400


def test_one_state_repeated_in_a_comparison_is_compared_once(official_client):
    CountryFactory(code="FR")
    response = official_client.get("/compare/", {"c": ["fr"] * 20})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert len(response.context["countries"]) == 1
