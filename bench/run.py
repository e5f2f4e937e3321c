"""Benchmark the pages officials use most, on PostgreSQL, at a realistic volume.

Run with `make bench` (a throwaway PostgreSQL is started and removed). Loads every
participating state with a full profile, 20 versions and 30 contact points, then times each page
in-process with Django's test client: median and 95th percentile over N requests, and the SQL
queries per request. Prints a Markdown table and writes it to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "handbook.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "bench.urls"  # the portal's pages plus the trivial gated page

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from countries import schema  # noqa: E402
from countries.models import Country  # noqa: E402
from countries.services import contact_create, profile_confirm, profile_update  # noqa: E402
from handbook import pdf  # noqa: E402

VERSIONS, CONTACTS = 20, 30
COLD = "first export"  # each of these requests gets an empty rendered-document cache
REVISED = schema.name("tips", where="bench.run")  # checked by `migrate`'s system checks
SENTENCE = (
    "The public prosecutor authorises the delivery after hearing customs and police; "
    "substitution of the drugs requires the laboratory's agreement and a written record."
)


def answers_for(country: Country) -> dict:
    """A full profile: every question answered, generically from the schema."""
    values: dict = {}
    for section in schema.SECTIONS:
        for question in section.questions:
            values[question.key] = question.kind.example(question)
            if question.kind is schema.TEXT:  # words worth searching for
                values[question.key] = f"{SENTENCE} ({country.name})"
            if question.condition:
                values[question.condition_key] = "Only with the prosecutor's consent."
        values[section.note_key] = f"<p>{SENTENCE}</p><p>See the national guide.</p>"
    return values


def load(by: User) -> tuple[int, float]:
    started = time.perf_counter()
    if not Country.objects.exists():
        call_command("loaddata", "countries", verbosity=0)
    countries = list(Country.objects.all())
    for country in countries:
        profile = profile_update(
            country=country,
            changes=answers_for(country),
            expected_version=0,
            by=by,
            reason="Bench: initial",
        )
        for n in range(1, VERSIONS):
            profile = profile_update(
                country=country,
                changes={REVISED.question_key: f"{SENTENCE} Revision {n}."},
                expected_version=profile.version,
                by=by,
                reason=f"Bench: revision {n}",
            )
        for n in range(CONTACTS):
            contact_create(
                country=country,
                by=by,
                reason="Bench",
                data={
                    "role": "police_24_7" if n == 0 else "customs",
                    "organisation": f"Agency {n} of {country.name}",
                    "unit": f"Unit {n}",
                    "function": "Duty officer",
                    "phone": f"+4930555{n:04d}",
                    "email": f"desk{n}.{country.slug}@example.org",
                    "available_24_7": n == 0,
                },
            )
        profile_confirm(country=country, by=by)
    return len(countries), time.perf_counter() - started


def client_for(user: User) -> Client:
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client: Client, pages: list[tuple[str, str]], rounds: int) -> dict[str, dict]:
    """Every page once per round, in turn, so that the load of the machine (shared with other
    jobs) falls on all pages alike: wall time, this process's CPU time and SQL queries."""
    for _ in range(2):
        for _name, url in pages:
            assert client.get(url).status_code == 200, url
    samples = {name: {"wall": [], "cpu": [], "queries": []} for name, _url in pages}
    for _ in range(rounds):
        for name, url in pages:
            shared = pdf.documents
            if COLD in name:  # an empty cache of its own, leaving the others' documents be
                pdf.documents = pdf.DocumentCache(shared.limit)
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                cpu = time.process_time() - cpu
                wall = time.perf_counter() - wall
            pdf.documents = shared
            assert response.status_code == 200, url
            samples[name]["wall"].append(wall * 1000)
            samples[name]["cpu"].append(cpu * 1000)
            samples[name]["queries"].append(len(captured))
    results = {}
    for name, sample in samples.items():
        times = sorted(sample["wall"])
        results[name] = {
            "median": statistics.median(times),
            "p95": times[max(int(len(times) * 0.95) - 1, 0)],
            "cpu": statistics.median(sample["cpu"]),
            "queries": (min(sample["queries"]), max(sample["queries"])),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="interleaved rounds")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    editor = User.objects.create_user(
        "bench-secretariat",
        "bs@example.org",
        None,
        full_name="Bench Secretariat",
        role=Role.SECRETARIAT,
    )
    count, seconds = load(editor)
    reader = User.objects.create_user(
        "bench-official",
        "bo@example.org",
        None,
        full_name="Bench Official",
        role=Role.OFFICIAL,
        organisation="Bench Police",
    )
    client = client_for(reader)
    codes = sorted(c.slug for c in Country.objects.all())
    ten = "&".join(f"c={c}" for c in codes[:10])
    twenty = "&".join(f"c={c}" for c in codes[:20])
    repeated = "&".join(["c=fr"] * 300 + ["c=nl"])
    route = (
        f"origin={codes[0]}&transit={codes[1]}&transit={codes[2]}&transit={codes[3]}"
        f"&destination={codes[4]}"
    )
    pages = [
        ("Trivial gated page (the floor)", "/bench/trivial/"),
        ("Country page", "/countries/fr/"),
        ("List of states", "/countries/"),
        ("Compare 10 states", f"/compare/?{ten}"),
        ("Route of 5 states", f"/route/?{route}"),
        ("Search (words)", "/search/?q=prosecutor+substitution"),
        ("Search (filter)", "/search/?answer=urgent_oral:yes"),
        ("Country PDF", "/countries/fr/pdf"),
        (f"Country PDF, {COLD}", "/countries/fr/pdf"),
        ("Compare PDF, 10 states", f"/compare/pdf?{ten}"),
        (f"Compare PDF, 10 states, {COLD}", f"/compare/pdf?{ten}"),
        ("Compare PDF, 20 states", f"/compare/pdf?{twenty}"),
        ("Compare PDF, one state asked 300 times (+1)", f"/compare/pdf?{repeated}"),
        ("Route PDF, 5 states", f"/route/pdf?{route}"),
        (f"Route PDF, 5 states, {COLD}", f"/route/pdf?{route}"),
    ]
    database = f"{connection.vendor} {getattr(connection, 'pg_version', '')}"
    lines = [
        f"Loaded {count} states x ({VERSIONS} versions, {CONTACTS} contacts) in {seconds:.0f} s "
        f"on {database}; {args.requests} interleaved rounds, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} at the start.",
        "",
        "| page | median ms | p95 ms | ratio to trivial | CPU ms | queries per request |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    results = measure(client, pages, args.requests)
    floor = results[pages[0][0]]["median"]
    for name, _url in pages:
        result = results[name]
        low, high = result["queries"]
        spread = f"{low}" if low == high else f"{low}-{high}"
        lines.append(
            f"| {name} | {result['median']:.0f} | {result['p95']:.0f} "
            f"| {result['median'] / floor:.1f}x | {result['cpu']:.0f} | {spread} |"
        )
    lines.append(f"\nLoad average at the end: {' '.join(f'{n:.1f}' for n in os.getloadavg())}.")
    report = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.md").write_text(report)
    print()
    print(report)


if __name__ == "__main__":
    main()
