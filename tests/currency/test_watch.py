"""Watching a state: the daily digest names the watched states that changed and their sections,
with links only, once a day and never when nothing changed; a watched state's page shows what
changed since the watcher's last digest, as the history's diff; and reading writes nothing."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from countries.services import profile_confirm
from currency import services
from currency.models import Digest, Watch
from tests.browserform import form_with_button
from tests.factories import (
    ISO_CODES,
    CountryFactory,
    VettedOfficialFactory,
    contact_for,
    profile_with,
)

TODAY = timezone.localdate
SECRET = "Secret statute, art. 7"


@pytest.fixture
def states(db, secretariat):
    """Belgium and the Netherlands with an entry each, and France with none."""
    found = {code: CountryFactory(code=code) for code in ("BE", "NL", "FR")}
    profile_with(found["BE"], by=secretariat, legal_basis="Old statute")
    profile_with(found["NL"], by=secretariat, legal_basis="Wet, art. 1")
    return found


def watch_all(user, states) -> None:
    for country in states.values():
        services.watch_start(user=user, country=country)


def send(capture, today=None) -> dict:
    with capture(execute=True):
        return services.watch_digests_send(today=today)


def test_the_digest_names_changed_states_and_sections_with_links_only(
    official, secretariat, states, django_capture_on_commit_callbacks
):
    watch_all(official, states)
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET, authorisation_note="Rota")
    contact_for(states["NL"], by=secretariat, phone="+31201234567", organisation="KMar desk")
    sent = send(django_capture_on_commit_callbacks)
    assert sent == {"digests": 1, "states": 2}
    [message] = mail.outbox
    assert message.to == [official.email]
    assert message.subject == "Controlled Delivery Handbook: 2 states you watch changed"
    body = message.body
    assert "Belgium: Legal framework, Authorisation\n" in body
    assert "Netherlands: Contact points\n" in body
    assert "France" not in body  # watched, unchanged
    assert "/countries/be/history/diff/?a=" in body and "/countries/nl/history/" in body
    assert "/countries/be/" in body and "/currency/watching/" in body
    for restricted in (SECRET, "Rota", "KMar", "+31201234567", "Old statute"):
        assert restricted not in body
    digest = Digest.objects.get()
    assert (digest.user, digest.sent_on, digest.states) == (official, TODAY(), 2)


def test_the_digest_is_sent_once_a_day_and_then_covers_what_changed_after_it(
    official, secretariat, states, django_capture_on_commit_callbacks
):
    watch_all(official, states)
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)
    assert send(django_capture_on_commit_callbacks)["digests"] == 1
    profile_with(states["NL"], by=secretariat, safeguards_note="New oversight body")
    assert send(django_capture_on_commit_callbacks) == {"digests": 0, "states": 0}  # same day
    assert len(mail.outbox) == 1
    tomorrow = TODAY() + timedelta(days=1)
    assert send(django_capture_on_commit_callbacks, tomorrow)["digests"] == 1
    body = mail.outbox[1].body
    assert "Netherlands: Safeguards\n" in body and "Belgium" not in body
    assert "Since your last digest of" in body
    assert send(django_capture_on_commit_callbacks, tomorrow + timedelta(days=1))["digests"] == 0
    assert Digest.objects.count() == 2


def test_nothing_is_sent_or_recorded_when_nothing_changed(
    official, secretariat, states, django_capture_on_commit_callbacks
):
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)  # before the watch began
    watch_all(official, states)
    assert send(django_capture_on_commit_callbacks) == {"digests": 0, "states": 0}
    assert mail.outbox == [] and not Digest.objects.exists()


def test_a_confirmation_alone_is_not_a_change(
    official, secretariat, states, django_capture_on_commit_callbacks
):
    watch_all(official, states)
    profile_confirm(country=states["BE"], by=secretariat)
    assert send(django_capture_on_commit_callbacks)["digests"] == 0


def test_who_watches_nothing_or_is_disabled_gets_no_digest(
    official, secretariat, states, django_capture_on_commit_callbacks
):
    services.watch_start(user=official, country=states["BE"])
    official.is_active = False
    official.save()
    VettedOfficialFactory()  # watches nothing
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)
    assert send(django_capture_on_commit_callbacks)["digests"] == 0
    assert mail.outbox == []


def test_the_command_sends_the_digest_and_says_how_many(
    official, secretariat, states, capsys, django_capture_on_commit_callbacks
):
    services.watch_start(user=official, country=states["BE"])
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_watch_digests")
    assert capsys.readouterr().out.strip() == ("Watch digests sent: 1, listing 1 changed state(s).")
    assert len(mail.outbox) == 1


def test_the_digest_email_read_back_from_a_file(
    official, secretariat, states, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The e-mail as the mail system writes it (file backend), read back as a person would."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    services.watch_start(user=official, country=states["BE"])
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)
    send(django_capture_on_commit_callbacks)
    [written] = list(tmp_path.iterdir())
    text = written.read_text()
    artifacts = Path("test-artifacts")
    artifacts.mkdir(exist_ok=True)
    (artifacts / "watch-digest.eml").write_text(text)
    assert f"To: {official.email}" in text
    assert "Subject: Controlled Delivery Handbook: 1 state you watch changed" in text
    assert "Since you began to watch them, the entries of these states you watch have" in text
    assert "Belgium: Legal framework" in text and SECRET not in text


def _panel(html: str) -> str:
    return html[html.index('id="watch"') : html.index("</section>", html.index('id="watch"'))]


def test_the_page_shows_what_changed_since_the_last_digest(
    official, official_client, secretariat, states, django_capture_on_commit_callbacks
):
    services.watch_start(user=official, country=states["BE"])
    profile_with(states["BE"], by=secretariat, legal_basis="In the last digest")
    send(django_capture_on_commit_callbacks)
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)
    desk = contact_for(states["BE"], by=secretariat, organisation="Federal desk")
    panel = _panel(official_client.get("/countries/be/").content.decode())
    digest = Digest.objects.get()
    assert "Changed since your last digest, " in panel
    assert timezone.localtime(digest.sent_at).strftime("%-d %b %Y %H:%M") in panel
    assert '<th scope="row">National legal basis</th>' in panel
    assert '<td class="before" lang="en">In the last digest</td>' in panel
    assert f'<td class="after" lang="en">{SECRET}</td>' in panel
    assert "Old statute" not in panel  # changed before the last digest
    assert f"Added: {desk}" in panel
    assert "Stop watching" in panel


def test_a_page_not_watched_offers_to_watch_and_shows_no_diff(official_client, states):
    panel = _panel(official_client.get("/countries/be/").content.decode())
    assert "Watch this state" in panel and "Changed since" not in panel


def test_nothing_changed_since_the_digest_says_so(
    official, official_client, secretariat, states, django_capture_on_commit_callbacks
):
    services.watch_start(user=official, country=states["BE"])
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)
    send(django_capture_on_commit_callbacks)
    panel = _panel(official_client.get("/countries/be/").content.decode())
    assert "Nothing has changed since then." in panel and SECRET not in panel


WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.parametrize("path", ["/countries/be/", "/currency/watching/"])
def test_reading_a_watched_page_writes_nothing(
    official, official_client, secretariat, states, path, django_capture_on_commit_callbacks
):
    services.watch_start(user=official, country=states["BE"])
    profile_with(states["BE"], by=secretariat, legal_basis="Before the digest")
    send(django_capture_on_commit_callbacks)
    profile_with(states["BE"], by=secretariat, legal_basis=SECRET)
    official_client.get(path)  # the session's once-a-minute touch happens here, if at all
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        before = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our own table names)
            before[table] = cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as captured:
        response = official_client.get(path)
    assert response.status_code == 200
    assert SECRET in response.content.decode() or path.endswith("watching/")
    writes = [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]
    assert writes == []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
            assert cursor.fetchone()[0] == before[table], table


@pytest.mark.parametrize("count", [2, 12])
def test_the_watched_states_page_reads_a_fixed_number_of_queries(
    official, official_client, secretariat, django_assert_max_num_queries, count
):
    for code in ISO_CODES[:count]:
        country = CountryFactory(code=code)
        profile_with(country, by=secretariat, legal_basis="x")
        contact_for(country, by=secretariat)
        services.watch_start(user=official, country=country)
    official_client.get("/currency/watching/")
    with django_assert_max_num_queries(7):
        response = official_client.get("/currency/watching/")
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("rows", [3, 30])
def test_a_watched_page_reads_a_fixed_number_of_queries(
    official, official_client, secretariat, django_assert_max_num_queries, rows
):
    country = CountryFactory(code="BE")
    services.watch_start(user=official, country=country)
    for n in range(rows):
        contact_for(country, by=secretariat, organisation=f"Desk {n}")
        profile_with(country, by=secretariat, reason=f"v{n}", legal_basis=f"Art. {n}")
    official_client.get("/countries/be/")
    with django_assert_max_num_queries(11):
        response = official_client.get("/countries/be/")
    assert f"Art. {rows - 1}" in _panel(response.content.decode())


def test_watch_and_stop_from_the_page_as_a_browser_posts(official, official_client, states):
    page = official_client.get("/countries/be/").content.decode()
    response = official_client.post(
        "/currency/be/watch/", form_with_button(page, "Watch this state").post_data()
    )
    assert response.status_code == 302 and response["Location"] == "/countries/be/#watch"
    assert Watch.objects.filter(user=official, country="BE").exists()
    page = official_client.get("/countries/be/").content.decode()
    official_client.post("/currency/be/watch/", form_with_button(page, "Stop watching").post_data())
    assert not Watch.objects.exists()


def test_the_watched_states_page_adds_one_and_asks_again_without_a_choice(
    official, official_client, states
):
    page = official_client.get("/currency/watching/").content.decode()
    empty = official_client.post("/currency/watching/", form_with_button(page, "Watch").post_data())
    html = empty.content.decode()
    assert empty.status_code == 200 and "There is a problem" in html
    assert "Choose the state to watch." in html and not Watch.objects.exists()
    response = official_client.post(
        "/currency/watching/", form_with_button(page, "Watch").post_data(country="NL")
    )
    assert response.status_code == 302
    assert list(Watch.objects.values_list("country", flat=True)) == ["NL"]
    listed = official_client.get("/currency/watching/").content.decode()
    assert "Netherlands" in listed and 'value="NL"' not in listed  # no longer offered


def test_watching_is_for_the_watcher_only(official, official_client, secretariat, states):
    other = VettedOfficialFactory()
    services.watch_start(user=other, country=states["BE"])
    page = official_client.get("/currency/watching/").content.decode()
    assert "You watch no state yet." in page
    assert "Watch this state" in _panel(official_client.get("/countries/be/").content.decode())
