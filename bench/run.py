"""Benchmark the pages officials use most, on PostgreSQL, at a realistic volume.

Run with `make bench` (a throwaway PostgreSQL is started and removed). Loads every
participating state (or, with `--states 250`, every ISO 3166 state) with a full profile, 20
versions and 30 contact points, then times each page in-process with Django's test client and,
with `--http`, over HTTP through gunicorn started from deploy/gunicorn.conf.py: median and 95th
percentile over N interleaved requests, the ratio to a trivial gated page, CPU ms and SQL queries
per request. Prints a Markdown table and writes it to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import nullcontext
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
from django_countries import countries as iso_3166  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.middleware import empty_caches  # noqa: E402
from countries import schema  # noqa: E402
from countries.models import Country  # noqa: E402
from countries.services import contact_create, profile_confirm, profile_update  # noqa: E402

VERSIONS, CONTACTS = 20, 30
# Each of these requests gets empty caches of its own (bench/middleware.py: empty_caches): a
# document, or a route, comparison or search, that no one has asked for before.
COLD, FIRST = "first export", "first visit"
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


def load(by: User, every_iso_state: bool) -> tuple[int, float]:
    started = time.perf_counter()
    if not Country.objects.exists():
        call_command("loaddata", "countries", verbosity=0)
    if every_iso_state:  # the participating states plus every other ISO 3166 state, no flags
        Country.objects.bulk_create(
            [Country(code=code) for code, _name in iso_3166], ignore_conflicts=True
        )
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


def in_process(client: Client):
    """A fetch through Django's test client: (status, wall ms, CPU ms of this process, queries)."""

    def fetch(_name: str, url: str, cold: bool) -> tuple[int, float, float, int]:
        with empty_caches() if cold else nullcontext(), CaptureQueriesContext(connection) as got:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu = time.process_time() - cpu
            wall = time.perf_counter() - wall
        return response.status_code, wall * 1000, cpu * 1000, len(got)

    return fetch


def over_http(port: int, session_cookie: str):
    """A fetch over one keep-alive HTTP connection to gunicorn; the worker's CPU time and its
    queries come back in the headers bench/middleware.py adds."""
    state = {"conn": None}

    def fetch(_name: str, url: str, cold: bool) -> tuple[int, float, float, int]:
        headers = {"Cookie": f"sessionid={session_cookie}", "Host": "127.0.0.1"}
        if cold:
            headers["X-Bench-Cold"] = "1"
        for attempt in range(2):  # a worker recycled by max-requests closes the connection
            if state["conn"] is None:
                state["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                wall = time.perf_counter()
                state["conn"].request("GET", url, headers=headers)
                response = state["conn"].getresponse()
                response.read()
                wall = time.perf_counter() - wall
                break
            except (http.client.HTTPException, OSError):
                state["conn"].close()
                state["conn"] = None
                if attempt:
                    raise
        cpu = float(response.getheader("X-Bench-CPU-ms", "nan"))
        return response.status, wall * 1000, cpu, int(response.getheader("X-Bench-Queries", "0"))

    return fetch


def measure(fetch, pages: list[tuple[str, str, int]], rounds: int) -> dict[str, dict]:
    """Every page once per round, in turn, so that the load of the machine (shared with other
    jobs) falls on all pages alike: wall time, CPU time and SQL queries. A page with `every`
    above 1 is requested only in every so many rounds (the slow first exports)."""
    for _ in range(2):
        for name, url, _every in pages:
            status, *_ = fetch(name, url, False)
            assert status == 200, (url, status)
    samples = {name: {"wall": [], "cpu": [], "queries": []} for name, _url, _every in pages}
    for n in range(rounds):
        for name, url, every in pages:
            if n % every:
                continue
            status, wall, cpu, queries = fetch(name, url, COLD in name or FIRST in name)
            assert status == 200, (url, status)
            samples[name]["wall"].append(wall)
            samples[name]["cpu"].append(cpu)
            samples[name]["queries"].append(queries)
    results = {}
    for name, sample in samples.items():
        times = sorted(sample["wall"])
        results[name] = {
            "n": len(times),
            "median": statistics.median(times),
            "p95": times[max(int(len(times) * 0.95) - 1, 0)],
            "cpu": statistics.median(sample["cpu"]),
            "queries": (min(sample["queries"]), max(sample["queries"])),
        }
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(tree: Path, port: int, log: Path) -> subprocess.Popen:
    """gunicorn from `tree`'s deploy/gunicorn.conf.py (workers, threads, keep-alive as deployed)
    on a local port, against this run's database, with the bench's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HANDBOOK_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        HANDBOOK_BIND=f"127.0.0.1:{port}",
        HANDBOOK_ACCESS_LOG=str(log.with_suffix(".access.log")),
        HANDBOOK_PROC_NAME=f"handbook-bench-{port}",
    )
    out = log.open("w")
    proc = subprocess.Popen(  # noqa: S603 (this venv's gunicorn)
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        cwd=tree,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(600):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass  # not listening yet: try again until it is, or until it has exited
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    stop_gunicorn(proc)
    raise SystemExit(f"bench: gunicorn from {tree} did not start; see {log}")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def load_average() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def table(title: str, results: dict, pages: list) -> list[str]:
    floor = results[pages[0][0]]["median"]
    lines = [
        f"### {title}",
        "",
        "| page | n | median ms | p95 ms | ratio to trivial | CPU ms | queries per request |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _url, _every in pages:
        result = results[name]
        low, high = result["queries"]
        spread = f"{low}" if low == high else f"{low}-{high}"
        lines.append(
            f"| {name} | {result['n']} | {result['median']:.0f} | {result['p95']:.0f} "
            f"| {result['median'] / floor:.1f}x | {result['cpu']:.0f} | {spread} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="interleaved rounds")
    parser.add_argument(
        "--states",
        choices=["60", "250"],
        default="60",
        help="60: the participating states of the fixture; 250: every ISO 3166 state",
    )
    parser.add_argument("--http", action="store_true", help="also over HTTP through gunicorn")
    parser.add_argument(
        "--before",
        type=Path,
        help="with --http: a checkout of an earlier commit, served by a second gunicorn and "
        "requested in the same interleaved rounds (bench/ of this tree copied into it)",
    )
    parser.add_argument(
        "--slow-every", type=int, default=10, help="request the slowest PDF rows every N rounds"
    )
    parser.add_argument("--no-in-process", action="store_true", help="only the HTTP run")
    parser.add_argument(
        "--pages",
        default="",
        help="only the rows whose name contains one of these comma-separated words "
        "(case-insensitive), with the floor: for a quick check of a few pages",
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    editor = User.objects.create_user(
        "bench-secretariat",
        "bs@example.org",
        None,
        full_name="Bench Secretariat",
        role=Role.SECRETARIAT,
    )
    count, seconds = load(editor, every_iso_state=args.states == "250")
    reader = User.objects.create_user(
        "bench-official",
        "bo@example.org",
        None,
        full_name="Bench Official",
        role=Role.OFFICIAL,
        organisation="Bench Police",
    )
    client = client_for(reader)
    codes = sorted(c.slug for c in Country.objects.filter(profile__isnull=False))
    ten = "&".join(f"c={c}" for c in codes[:10])
    twenty = "&".join(f"c={c}" for c in codes[:20])
    repeated = "&".join(["c=fr"] * 300 + ["c=nl"])
    route = (
        f"origin={codes[0]}&transit={codes[1]}&transit={codes[2]}&transit={codes[3]}"
        f"&destination={codes[4]}"
    )
    slow = args.slow_every
    pages = [
        ("Trivial gated page (the floor)", "/bench/trivial/", 1),
        ("Country page", "/countries/fr/", 1),
        ("List of states", "/countries/", 1),
        ("Compare 10 states", f"/compare/?{ten}", 1),
        ("Route of 5 states", f"/route/?{route}", 1),
        ("Search (words)", "/search/?q=prosecutor+substitution", 1),
        ("Search (filter)", "/search/?answer=urgent_oral:yes", 1),
        (f"Country page, {FIRST}", "/countries/fr/", 1),
        (f"Compare 10 states, {FIRST}", f"/compare/?{ten}", 1),
        (f"Route of 5 states, {FIRST}", f"/route/?{route}", 1),
        (f"Search (words), {FIRST}", "/search/?q=prosecutor+substitution", 1),
        ("Country PDF", "/countries/fr/pdf", 1),
        ("Compare PDF, 10 states", f"/compare/pdf?{ten}", 1),
        ("Route PDF, 5 states", f"/route/pdf?{route}", 1),
        (f"Country PDF, {COLD}", "/countries/fr/pdf", slow),
        (f"Compare PDF, 10 states, {COLD}", f"/compare/pdf?{ten}", slow),
        (f"Route PDF, 5 states, {COLD}", f"/route/pdf?{route}", slow),
        ("Compare PDF, 20 states", f"/compare/pdf?{twenty}", slow),
        ("Compare PDF, one state asked 300 times (+1)", f"/compare/pdf?{repeated}", slow),
    ]
    if args.pages:
        wanted = [w.strip().lower() for w in args.pages.split(",") if w.strip()]
        pages = [pages[0]] + [p for p in pages[1:] if any(w in p[0].lower() for w in wanted)]
    database = f"{connection.vendor} {getattr(connection, 'pg_version', '')}"
    lines = [
        f"Loaded {count} states x ({VERSIONS} versions, {CONTACTS} contacts) in {seconds:.0f} s "
        f"on {database}; {args.requests} interleaved rounds (the last five rows every {slow}th), "
        f"{os.cpu_count()} cores.",
        "",
    ]
    if not args.no_in_process:
        start = load_average()
        results = measure(in_process(client), pages, args.requests)
        lines += table(f"In-process, {count} states", results, pages)
        lines += ["", f"Load average at the start: {start}; at the end: {load_average()}.", ""]
    if args.http:
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        trees = {"": ROOT}
        if args.before:
            trees = {"before: ": args.before.resolve(), "after: ": ROOT}
        servers = {}
        try:
            for label, tree in trees.items():
                port = free_port()
                servers[label] = (port, start_gunicorn(tree, port, out / f"gunicorn-{port}.log"))
            labelled = [
                (f"{label}{name}", url, every) for name, url, every in pages for label in trees
            ]
            cookie = client.cookies["sessionid"].value
            fetchers = {label: over_http(port, cookie) for label, (port, _p) in servers.items()}

            def fetch(name: str, url: str, cold: bool):
                label = next((x for x in trees if x and name.startswith(x)), "")
                return fetchers[label](name, url, cold)

            start = load_average()
            results = measure(fetch, labelled, args.requests)
            for label in trees:
                mine = {name: results[f"{label}{name}"] for name, _url, _every in pages}
                what = f", {label.removesuffix(': ')}" if label else ""
                lines += table(f"HTTP through gunicorn, {count} states{what}", mine, pages)
                lines.append("")
            lines += [f"Load average at the start: {start}; at the end: {load_average()}.", ""]
        finally:
            for _port, proc in servers.values():
                stop_gunicorn(proc)
    report = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"latest-{args.states}.md").write_text(report)
    (out / "latest.md").write_text(report)
    print()
    print(report)


if __name__ == "__main__":
    main()
