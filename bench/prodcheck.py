"""`make prod-check`: the production deployment on this machine's loopback, loaded and broken.

Starts PostgreSQL 15 with the two roles of deploy/postgres-roles.sql, migrates as the owner, seeds
the bench volume, then two gunicorn servers on deploy/gunicorn.conf.py (connected as the
application role, DJANGO_ENV=production) behind Debian's nginx on deploy/nginx/handbook.conf with
a self-signed certificate. Virtual users log in over HTTPS with password and TOTP and run the
officials' mix; correspondents save profile sections. During the run one application server is
killed (SIGKILL, then started again) and, separately, PostgreSQL is restarted. Then: every
acknowledged save is looked for in the database, throughput is measured with two servers and
with one, a backup is taken and restored into a new database, and the logs are checked.

Every process it starts is stopped at the end, whatever happens; all traffic stays on 127.0.0.1;
every loop is bounded in count and time. Exit status 0 only if every goal is met.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_PORT, APP_PORTS, HTTPS_PORT, HTTP_PORT = 18410, {"A": 18401, "B": 18402}, 18443, 18480
ORIGIN = f"https://{HOST}:{HTTPS_PORT}"
OWNER, APP = "handbook_owner", "handbook_app"
PG_DOWN_SECONDS = 2.0
RECOVERY_GOAL = 2.0
OWN_400 = b"Your request could not be completed"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("check", True)
    kwargs.setdefault("timeout", 600)
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    try:
        return subprocess.run(argv, **kwargs)  # noqa: S603 (our own and the system's tools)
    except subprocess.CalledProcessError as error:
        sys.stderr.write(f"{' '.join(argv)} failed:\n{error.stdout}\n{error.stderr}\n")
        raise


# --- the machine: packages, ports ---------------------------------------------------------


def ensure_packages(names: list[str]) -> None:
    """Install the Debian packages absent (nginx on a fresh machine), never starting a service."""
    missing = []
    for name in names:
        status = run(["dpkg-query", "-W", "-f=${Status}", name], check=False).stdout
        if "install ok installed" not in status:
            missing.append(name)
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"prod-check: install {' '.join(missing)} first (needs root)")
    log(f"installing {' '.join(missing)}")
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = not policy.exists()
    if made_policy:  # Debian starts nginx on port 80 after installing it, unless told not to
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        run(["apt-get", "update", "-qq"])
        run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    finally:
        if made_policy:
            policy.unlink()


def ports_free(ports: list[int]) -> None:
    for port in ports:
        with socket.socket() as probe:
            # as the servers will: a port in TIME_WAIT after an earlier run is free to them
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, port))
            except OSError as error:
                raise SystemExit(f"prod-check: port {port} is in use") from error


# --- what this run starts, and stops -------------------------------------------------------


class Stack:
    """Every process started here, stopped in reverse order at the end."""

    def __init__(self, run_dir: Path):
        self.dir = run_dir
        self.procs: dict[str, subprocess.Popen] = {}
        self.pg_bin = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1])
        self.pg_dir = run_dir / "pg"
        self.pg_running = False
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    # PostgreSQL
    def pg(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run(
            [*self.as_postgres, str(self.pg_bin / tool), *args], cwd=self.pg_dir, check=check
        )

    def pg_init(self) -> None:
        self.pg_dir.mkdir()
        if self.as_postgres:
            shutil.chown(self.pg_dir, "postgres", "postgres")
        self.pg_dir.chmod(0o700)
        self.pg(
            "initdb", "-D", str(self.pg_dir / "data"), "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256",
        )  # fmt: skip

    def pg_start(self) -> None:
        options = f"-c listen_addresses={HOST} -p {PG_PORT} -k {self.pg_dir}"
        self.pg("pg_ctl", "-D", str(self.pg_dir / "data"), "-l", str(self.pg_dir / "log"),
                "-w", "-t", "60", "-o", options, "start")  # fmt: skip
        self.pg_running = True

    def pg_stop(self, mode: str = "fast") -> None:
        self.pg("pg_ctl", "-D", str(self.pg_dir / "data"), "-m", mode, "-w", "stop", check=False)
        self.pg_running = False

    def psql(self, *args: str, database: str = "postgres") -> str:
        return run(
            [str(self.pg_bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.pg_dir),
             "-p", str(PG_PORT), "-U", "postgres", "-d", database, *args],
            cwd=self.pg_dir,
        ).stdout  # fmt: skip

    # processes
    def start(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        out = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 (kept open while it runs)
        proc = subprocess.Popen(  # noqa: S603 (gunicorn and nginx)
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()
        self.procs[name] = proc
        return proc

    def signal(self, name: str, sig: int) -> None:
        proc = self.procs.get(name)
        if proc and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)

    def stop(self, name: str, timeout: float = 35) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # workers left behind by a SIGKILL
            os.killpg(proc.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        for name in reversed(list(self.procs)):
            self.stop(name)
        if self.pg_running or (self.pg_dir / "data" / "postmaster.pid").exists():
            self.pg_stop("immediate")


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores, every user's processes)."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def cpu_seconds(pgid: int) -> float:
    """CPU used by a process group: live processes, plus the children they have reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) != pgid:
            continue
        total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / tick


# --- one virtual user over HTTPS -----------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's POST forms (last form wins)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def totp(key_hex: str, step: int) -> str:
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@dataclass
class Result:
    start: float
    end: float
    page: str
    method: str
    status: int  # 0: no answer (connection failed)
    ok: bool
    note: str = ""


class Browser:
    """One user's connection to nginx: cookies, CSRF token, keep-alive."""

    def __init__(self, context: ssl.SSLContext, results: list[Result], lock: threading.Lock):
        self.context, self.results, self.lock = context, results, lock
        self.conn: http.client.HTTPSConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(self, page: str, method: str, path: str, data=None, expect=(200,)):
        headers = {"User-Agent": "handbook-prod-check"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers.update(
                {"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN,
                 "Referer": ORIGIN + path}
            )  # fmt: skip
        started = time.monotonic()
        status, response_headers, content, note = 0, {}, b"", ""
        try:
            if self.conn is None:
                self.conn = http.client.HTTPSConnection(
                    HOST, HTTPS_PORT, context=self.context, timeout=60
                )
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
            status = response.status
            response_headers = {k.lower(): v for k, v in response.getheaders()}
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
        except (OSError, http.client.HTTPException) as error:
            note = type(error).__name__
            if self.conn is not None:
                self.conn.close()
            self.conn = None
        ok = status in expect
        if status == 400 and OWN_400 not in content:
            note = "bare 400"
        with self.lock:
            self.results.append(Result(started, time.monotonic(), page, method, status, ok, note))
        return status, response_headers, content


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_of(content: bytes) -> str:
    found = CSRF.search(content)
    return found.group(1).decode() if found else ""


@dataclass
class Plan:
    seconds: float
    accounts: list[dict]
    password: str
    states: list[str]
    think: tuple[float, float]
    stop: threading.Event
    deadline: float
    acked: list[dict] = field(default_factory=list)


def read_pages(states: list[str], rng: random.Random) -> tuple[str, str]:
    """The officials' mix: weights as they use the handbook, PDFs rare."""
    five = rng.sample(states, 5)
    choices = [
        (30, "country", f"/countries/{five[0]}/"),
        (12, "country list", "/countries/"),
        (10, "search words", "/search/?q=prosecutor+substitution"),
        (8, "search filter", "/search/?answer=urgent_oral:yes"),
        (10, "compare 5", "/compare/?" + "&".join(f"c={c}" for c in five)),
        (
            10,
            "route 4",
            f"/route/?origin={five[0]}&transit={five[1]}&transit={five[2]}&destination={five[3]}",
        ),
        (6, "history", f"/countries/{five[0]}/history/"),
        (3, "country pdf", f"/countries/{five[0]}/pdf"),
        (1, "route pdf", f"/route/pdf?origin={five[0]}&transit={five[1]}&destination={five[2]}"),
    ]
    _, page, path = rng.choices(choices, weights=[c[0] for c in choices])[0]
    return page, path


def login(browser: Browser, account: dict, password: str, plan: Plan, last_step: list[int]) -> bool:
    """Password, then TOTP, through the real forms; a few tries if a fault interrupts it."""
    for _ in range(5):
        if plan.stop.is_set():
            return False
        browser.cookies.clear()
        status, _, content = browser.request("login", "GET", "/accounts/login/")
        if status == 200:
            status, headers, _ = browser.request(
                "login",
                "POST",
                "/accounts/login/",
                {"csrfmiddlewaretoken": csrf_of(content), "username": account["username"],
                 "password": password, "next": ""},
                expect=(302,),
            )  # fmt: skip
            if status == 302 and headers.get("location", "").startswith("/accounts/verify/"):
                status, _, content = browser.request("verify", "GET", "/accounts/verify/")
                step = max(int(time.time() // 30), last_step[0] + 1)
                while step > int(time.time() // 30) + 1 and not plan.stop.is_set():
                    time.sleep(1)  # a code is accepted once: wait for the next one
                last_step[0] = step
                status, headers, _ = browser.request(
                    "verify",
                    "POST",
                    "/accounts/verify/",
                    {"csrfmiddlewaretoken": csrf_of(content),
                     "token": totp(account["key"], step), "next": ""},
                    expect=(302,),
                )  # fmt: skip
                if status == 302 and not headers.get("location", "").startswith("/accounts/"):
                    return True
        plan.stop.wait(2)
    return False


def save(browser: Browser, account: dict, plan: Plan, n: int, rng: random.Random) -> None:
    """A correspondent edits a section of their state's profile; the 302 acknowledges it."""
    state = account["state"]
    path = f"/countries/{state}/edit/evidence/"
    status, _, content = browser.request("edit form", "GET", path)
    if status != 200:
        return
    parser = FormFields()
    parser.feed(content.decode())
    marker = f"prod-check {account['username']} save {n} {secrets.token_hex(4)}"
    data = [(k, v) for k, v in parser.fields if k not in {"costs", "reason"}]
    data += [("costs", f"Costs are shared; checked by {marker}."), ("reason", marker)]
    status, headers, _ = browser.request("save", "POST", path, data, expect=(302,))
    if status == 302 and headers.get("location", "").startswith(f"/countries/{state}/"):
        with browser.lock:
            plan.acked.append({"state": state, "reason": marker})


def virtual_user(index: int, plan: Plan, context, results, lock, ramp: float) -> None:
    rng = random.Random(index)  # noqa: S311 (a load mix, not a secret)
    account = plan.accounts[index]
    browser = Browser(context, results, lock)
    last_step = [0]
    if plan.stop.wait(ramp * index / max(len(plan.accounts), 1)):
        return
    saves = 0
    for _ in range(100_000):  # bounded; the deadline ends it long before
        if plan.stop.is_set() or time.monotonic() > plan.deadline:
            return
        if "sessionid" not in browser.cookies and not login(
            browser, account, plan.password, plan, last_step
        ):
            continue
        if account["role"] == "correspondent" and rng.random() < 0.4:
            saves += 1
            save(browser, account, plan, saves, rng)
        else:
            page, path = read_pages(plan.states, rng)
            status, headers, _ = browser.request(page, "GET", path)
            if status == 302 and "/accounts/login/" in headers.get("location", ""):
                browser.cookies.pop("sessionid", None)
        plan.stop.wait(rng.uniform(*plan.think))


# --- the run ------------------------------------------------------------------------------


def django_env(database_url: str, **extra: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "HANDBOOK_"))
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        DATABASE_APP_ROLE=APP,
        DJANGO_CSRF_TRUSTED_ORIGINS=ORIGIN,
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        **extra,
    )
    return env


SECRET_KEY = secrets.token_urlsafe(50)
PASSWORDS = {OWNER: secrets.token_urlsafe(18), APP: secrets.token_urlsafe(18)}


def db_url(role: str, database: str = "handbook") -> str:
    return f"postgres://{role}:{PASSWORDS[role]}@{HOST}:{PG_PORT}/{database}"


def http_get(port: int, path: str, timeout: float = 3) -> int:
    """A plain request straight to one application server, as a load balancer's probe."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        return conn.getresponse().status
    except OSError:
        return 0
    finally:
        conn.close()


def wait_ready(port: int, limit: float = 60) -> float:
    started = time.monotonic()
    for _ in range(int(limit / 0.1)):
        if http_get(port, "/readyz", timeout=1) == 200:
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"server on {port} not ready after {limit} s")


def render_nginx(run_dir: Path) -> Path:
    """deploy/nginx/handbook.conf with this run's ports and paths; each must still be there."""
    site = (ROOT / "deploy" / "nginx" / "handbook.conf").read_text()
    for old, new in [
        ("listen 443 ssl http2;", f"listen {HOST}:{HTTPS_PORT} ssl http2;"),
        ("listen 80;", f"listen {HOST}:{HTTP_PORT};"),
        (f"server {HOST}:8001 ", f"server {HOST}:{APP_PORTS['A']} "),
        (f"server {HOST}:8002 ", f"server {HOST}:{APP_PORTS['B']} "),
        ("/srv/handbook/staticfiles/", f"{run_dir}/static/"),
        ("/etc/ssl/handbook/", f"{run_dir}/tls/"),
        ("/var/log/nginx/handbook.", f"{run_dir}/nginx-"),
    ]:
        if old not in site:
            raise SystemExit(f"prod-check: deploy/nginx/handbook.conf no longer has {old!r}")
        site = site.replace(old, new)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    (run_dir / "handbook.conf").write_text(site)
    temp = run_dir / "nginx-tmp"
    temp.mkdir()
    user = "www-data" if os.geteuid() == 0 else ""
    if user:
        shutil.chown(temp, user)
    main = f"""
{"user www-data;" if user else ""}
worker_processes 1;
pid {run_dir}/nginx.pid;
error_log {run_dir}/nginx-main-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {run_dir}/handbook.conf;
}}
"""
    (run_dir / "nginx.conf").write_text(main)
    return run_dir / "nginx.conf"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]


def start_app(stack: Stack, name: str) -> None:
    env = django_env(
        db_url(APP),
        HANDBOOK_BIND=f"{HOST}:{APP_PORTS[name]}",
        HANDBOOK_PROC_NAME=f"handbook-{name}",
    )
    stack.start(
        f"app-{name}",
        [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py")],
        env,
    )


def throughput(stack: Stack, plan: Plan, sessions: list[Browser], seconds: float, servers: list):
    """Closed loop, no think time: requests per second and app CPU per request."""
    results: list[Result] = []
    lock = threading.Lock()
    for browser in sessions:
        browser.results, browser.lock = results, lock
    cpu_before = sum(cpu_seconds(stack.procs[f"app-{s}"].pid) for s in servers)
    busy_before = machine_busy()
    wall = time.monotonic()
    stop_at = wall + seconds

    def loop(browser: Browser, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311
        for _ in range(100_000):
            if time.monotonic() > stop_at:
                return
            page, path = read_pages(plan.states, rng)
            if "pdf" in page:
                continue
            browser.request(page, "GET", path)

    threads = [threading.Thread(target=loop, args=(b, i)) for i, b in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    elapsed = time.monotonic() - wall
    cpu = sum(cpu_seconds(stack.procs[f"app-{s}"].pid) for s in servers) - cpu_before
    busy = machine_busy() - busy_before
    ok = [r for r in results if r.ok]
    return {
        "machine": busy / elapsed,
        "app_share": cpu / elapsed,
        "requests": len(results),
        "errors": len(results) - len(ok),
        "rps": len(ok) / elapsed,
        "cpu_ms": 1000 * cpu / max(len(ok), 1),
        "p95": 1000 * percentile([r.end - r.start for r in ok], 0.95),
    }


def deploy(stack: Stack, args, failures: list[str]) -> tuple[ssl.SSLContext, dict]:
    """PostgreSQL with its two roles, migrations as the owner, the bench volume, two gunicorn
    servers as the application role, nginx with a self-signed certificate."""
    python = str(BIN / "python")
    stack.pg_init()
    stack.pg_start()
    stack.psql("-f", str(ROOT / "deploy" / "postgres-roles.sql"))
    for role, password in PASSWORDS.items():
        stack.psql("-c", f"ALTER ROLE {role} PASSWORD '{password}'")
    run([python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=django_env(db_url(OWNER)))
    seed = stack.dir / "accounts.json"
    seeded = run(
        [python, "bench/prodcheck_seed.py", str(seed), str(args.users), str(args.correspondents)],
        cwd=ROOT,
        env={**django_env(db_url(OWNER)), "DJANGO_ENV": "development"},
    )
    log(seeded.stdout.strip())
    checked = run(
        [python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=django_env(db_url(APP)),
        check=False,
    )
    if checked.returncode != 0:
        failures.append(f"check --deploy: {checked.stderr.strip()[-500:]}")
    run(
        [python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=django_env(db_url(APP)),
    )
    shutil.copytree(ROOT / "staticfiles", stack.dir / "static")
    run(["chmod", "-R", "a+rX", str(stack.dir / "static")])

    tls = stack.dir / "tls"
    tls.mkdir()
    run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}",
         "-keyout", str(tls / "privkey.pem"), "-out", str(tls / "fullchain.pem")]
    )  # fmt: skip
    for name in APP_PORTS:
        start_app(stack, name)
    for port in APP_PORTS.values():
        wait_ready(port)
    conf = render_nginx(stack.dir)
    run(["nginx", "-t", "-q", "-c", str(conf), "-p", str(stack.dir)])
    stack.start("nginx", ["nginx", "-c", str(conf), "-p", str(stack.dir), "-g", "daemon off;"])
    context = ssl.create_default_context(cafile=str(tls / "fullchain.pem"))
    return context, json.loads(seed.read_text())


def check_edge(context: ssl.SSLContext, failures: list[str]) -> None:
    """nginx answers over verified TLS with one HSTS header and a request id; port 80 redirects."""
    probe = Browser(context, [], threading.Lock())
    for _ in range(100):
        if probe.request("probe", "GET", "/readyz")[0] == 200:
            break
        time.sleep(0.1)
    else:
        raise RuntimeError("nginx did not answer /readyz within 10 s")
    _, headers, _ = probe.request("probe", "GET", "/accounts/login/")
    hsts = headers.get("strict-transport-security", "")
    if "max-age=31536000" not in hsts or "," in hsts:
        failures.append(f"HSTS header wrong: {hsts!r}")
    if not headers.get("x-request-id"):
        failures.append("no X-Request-ID on a response")
    conn = http.client.HTTPConnection(HOST, HTTP_PORT, timeout=5)
    conn.request("GET", "/countries/")
    answer = conn.getresponse()
    if answer.status != 301 or not answer.getheader("Location", "").startswith("https://"):
        failures.append(f"port 80 does not redirect to HTTPS ({answer.status})")
    conn.close()


@dataclass
class LoadRun:
    plan: Plan
    results: list[Result]
    events: dict[str, float]
    probes: list[tuple[float, int, int]]
    t0: float
    t_end: float
    cpu: float
    b_ready: float


def probe_during(port: int, stop: threading.Event, probes: list) -> None:
    """What a load balancer sees of server A while PostgreSQL restarts: /readyz and /healthz
    (5 s timeout: under this load a probe waits its turn behind the pages)."""
    for _ in range(200):  # 0.5 s apart: 100 s at most, plus the probes' own time
        if stop.is_set():
            return
        probes.append(
            (time.monotonic(), http_get(port, "/readyz", 5), http_get(port, "/healthz", 5))
        )
        stop.wait(0.5)


def load_with_faults(stack: Stack, context: ssl.SSLContext, accounts: dict, args) -> LoadRun:
    plan = Plan(
        seconds=args.seconds,
        accounts=accounts["accounts"],
        password=accounts["password"],
        states=accounts["states"],
        think=tuple(args.think),
        stop=threading.Event(),
        deadline=time.monotonic() + args.seconds,
    )
    results: list[Result] = []
    lock = threading.Lock()
    ramp = min(60.0, args.seconds * 0.2)  # logins hash passwords: spread them out
    users = [
        threading.Thread(target=virtual_user, args=(i, plan, context, results, lock, ramp))
        for i in range(len(plan.accounts))
    ]
    t0 = time.monotonic()
    cpu_start = {name: cpu_seconds(stack.procs[f"app-{name}"].pid) for name in APP_PORTS}
    cpu_lost = 0.0
    for thread in users:
        thread.start()
    events: dict[str, float] = {}

    def at(fraction: float) -> None:
        plan.stop.wait(max(0.0, t0 + args.seconds * fraction - time.monotonic()))

    at(0.30)
    cpu_lost = cpu_seconds(stack.procs["app-B"].pid) - cpu_start["B"]
    events["kill B"] = time.monotonic()
    stack.signal("app-B", signal.SIGKILL)
    log("killed application server B (SIGKILL to its master and workers)")
    at(0.45)
    stack.stop("app-B")
    events["start B"] = time.monotonic()
    start_app(stack, "B")
    b_ready = wait_ready(APP_PORTS["B"])
    cpu_start["B"] = cpu_seconds(stack.procs["app-B"].pid)
    log(f"server B started again, ready in {b_ready:.1f} s")

    at(0.55)
    workers = children_of(stack.procs["app-A"].pid)
    events["kill worker"] = time.monotonic()
    for pid in workers:  # every request in flight on A loses its worker
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    events["workers"] = len(workers)
    log(f"killed all {len(workers)} workers of server A (SIGKILL); its master starts new ones")

    at(0.65)
    probes: list[tuple[float, int, int]] = []
    probe_stop = threading.Event()
    prober = threading.Thread(target=probe_during, args=(APP_PORTS["A"], probe_stop, probes))
    prober.start()
    plan.stop.wait(1)
    events["pg stop"] = time.monotonic()
    stack.pg_stop("fast")
    time.sleep(PG_DOWN_SECONDS)
    stack.pg_start()
    events["pg up"] = time.monotonic()
    log(f"PostgreSQL restarted: down {events['pg up'] - events['pg stop']:.1f} s")
    plan.stop.wait(8)
    probe_stop.set()
    prober.join(timeout=10)

    at(1.0)
    plan.stop.set()
    for thread in users:
        thread.join(timeout=90)
    t_end = time.monotonic()
    cpu = cpu_lost + sum(
        cpu_seconds(stack.procs[f"app-{name}"].pid) - cpu_start[name] for name in APP_PORTS
    )
    log(f"load finished: {len(results)} requests")
    return LoadRun(plan, results, events, probes, t0, t_end, cpu, b_ready)


def classify(load: LoadRun, failures: list[str]) -> dict:
    """Each request into its window; the goals for each window."""
    kill, pg_stop, pg_up = load.events["kill B"], load.events["pg stop"], load.events["pg up"]
    windows: dict[str, list[Result]] = {
        "outside faults": [],
        "server B killed": [],
        "workers of A killed": [],
        "PostgreSQL restart": [],
    }
    worker = load.events["kill worker"]
    for r in load.results:
        if r.start <= kill <= r.end or kill <= r.start <= kill + 1:
            windows["server B killed"].append(r)
        elif r.start <= worker <= r.end or worker <= r.start <= worker + 1:
            windows["workers of A killed"].append(r)
        elif pg_stop <= r.end and r.start <= pg_up + RECOVERY_GOAL:
            windows["PostgreSQL restart"].append(r)
        else:
            windows["outside faults"].append(r)
    errors = {name: [r for r in rs if not r.ok] for name, rs in windows.items()}
    kill_reads = [r for r in errors["server B killed"] if r.method == "GET"]
    worker_reads = [r for r in errors["workers of A killed"] if r.method == "GET"]
    pg_errors = errors["PostgreSQL restart"]
    late = [r for r in pg_errors if r.end > pg_up + RECOVERY_GOAL]
    after = [r.end for r in load.results if r.ok and r.start >= pg_up]
    ready_back = [t for t, ready, _ in load.probes if t > pg_up and ready == 200]
    figures = {
        "windows": windows,
        "errors": errors,
        "kill_reads": kill_reads,
        "worker_reads": worker_reads,
        "pg_errors": pg_errors,
        "last_pg_error": max((r.end for r in pg_errors), default=pg_up) - pg_up,
        "first_ok_after": (min(after) - pg_up) if after else float("nan"),
        "ready_back": (min(ready_back) - pg_up) if ready_back else float("nan"),
        "not_ready_seen": any(
            ready == 503 for t, ready, _ in load.probes if pg_stop + 0.5 <= t <= pg_up
        ),
        "alive": all(alive == 200 for _, _, alive in load.probes),
        "alive_failed": sorted({alive for _, _, alive in load.probes if alive != 200}),
        "bare_400": [r for r in load.results if r.note == "bare 400"],
    }
    if errors["outside faults"]:
        failures.append(f"{len(errors['outside faults'])} errors outside the fault windows")
    if kill_reads:
        failures.append(f"{len(kill_reads)} reads failed when server B was killed")
    if worker_reads:
        failures.append(f"{len(worker_reads)} reads failed when A's workers were killed")
    if late:
        failures.append(f"{len(late)} errors over {RECOVERY_GOAL} s after PostgreSQL was back")
    if figures["bare_400"]:
        failures.append(f"{len(figures['bare_400'])} bare 400 pages")
    if not figures["not_ready_seen"]:
        failures.append("/readyz never answered 503 while PostgreSQL was down")
    if not figures["alive"]:
        failures.append("/healthz failed while PostgreSQL was down")
    return figures


def check_saves(plan: Plan, failures: list[str]) -> dict:
    """Every acknowledged save is a version in the history; each state shows its last one."""
    with psycopg.connect(db_url(OWNER)) as conn:
        found = {
            row[0]
            for row in conn.execute(
                "SELECT history_change_reason FROM countries_historicalprofile"
                " WHERE history_change_reason LIKE 'prod-check %%'"
            )
        }
        current = dict(conn.execute("SELECT lower(country_id), costs FROM countries_profile"))
    lost = [s for s in plan.acked if s["reason"] not in found]
    last: dict[str, str] = {s["state"]: s["reason"] for s in plan.acked}
    stale = [state for state, reason in last.items() if reason not in (current.get(state) or "")]
    if lost:
        failures.append(f"{len(lost)} acknowledged saves not in the database")
    if stale:
        failures.append(f"{len(stale)} states do not show their last acknowledged save")
    return {"acked": len(plan.acked), "lost": len(lost), "states": len(last), "stale": len(stale)}


def measure_throughput(stack: Stack, context, load: LoadRun, args, failures: list[str]) -> dict:
    readers = load.plan.accounts[args.correspondents :][: args.throughput_clients]
    quiet = Plan(0, [], "", [], (0, 0), threading.Event(), 0)
    sessions = []
    for account in readers:
        browser = Browser(context, [], threading.Lock())
        if login(browser, account, load.plan.password, quiet, [int(time.time() // 30)]):
            sessions.append(browser)
    two = throughput(stack, load.plan, sessions, args.throughput_seconds, ["A", "B"])
    stack.stop("app-B")
    one = throughput(stack, load.plan, sessions, args.throughput_seconds, ["A"])
    for label, figures in (("two servers", two), ("one server", one)):
        if figures["errors"]:
            failures.append(f"{figures['errors']} errors in the throughput run with {label}")
    return {"clients": len(sessions), "two": two, "one": one}


def table_counts(database: str) -> tuple[dict[str, int], str]:
    """Rows per table, and a digest of the whole audit log."""
    with psycopg.connect(db_url(OWNER, database)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {
            table: conn.execute(
                psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }
        digest = conn.execute(
            "SELECT md5(string_agg(concat_ws('|', id, at, actor_id, action, target_id, country,"
            " ip_address, detail), ',' ORDER BY id)) FROM handbook_auditentry"
        ).fetchone()[0]
    return counts, digest


def backup_restore(stack: Stack, failures: list[str]) -> dict:
    """The daily backup command, then a restore into a new database, as the owner role."""
    python, dump = str(BIN / "python"), stack.dir / "handbook.dump"
    started = time.monotonic()
    made = run(
        [python, "manage.py", "backup_database", "--output", str(dump)],
        cwd=ROOT,
        env=django_env(db_url(OWNER)),
    )
    backup_total = time.monotonic() - started
    stack.psql("-c", f"CREATE DATABASE handbook_restore OWNER {OWNER}")
    started = time.monotonic()
    restored = run(
        [python, "manage.py", "restore_database", str(dump)],
        cwd=ROOT,
        env=django_env(db_url(OWNER, "handbook_restore")),
    )
    restore_total = time.monotonic() - started
    source, copy = table_counts("handbook"), table_counts("handbook_restore")
    equal = source == copy
    if not equal:
        failures.append("the restored database differs from the source")
    seconds = re.compile(r"in (\d+\.\d) s")
    return {
        "rows": sum(source[0].values()),
        "tables": len(source[0]),
        "audit": source[0].get("handbook_auditentry", 0),
        "size": dump.stat().st_size,
        "pg_dump": float(seconds.search(made.stdout).group(1)),
        "pg_restore": float(seconds.search(restored.stdout).group(1)),
        "backup_total": backup_total,
        "restore_total": restore_total,
        "equal": equal,
    }


def check_logs(stack: Stack, password: str, failures: list[str]) -> dict:
    """The request log is JSON, joined to nginx's by request id, and names nobody."""
    stack.stop("nginx")
    app_log = "".join(p.read_text(errors="replace") for p in sorted(stack.dir.glob("app-*.log")))
    nginx_log = (stack.dir / "nginx-access.log").read_text(errors="replace")
    requests = [
        json.loads(line)
        for line in app_log.splitlines()
        if line.startswith("{") and '"handbook.request"' in line
    ]
    proxied = [line for line in requests if line["view"] not in {"readyz", "healthz"}]
    edge = [json.loads(line) for line in nginx_log.splitlines() if line.startswith("{")]
    edge_ids = {line["request_id"] for line in edge}
    joined = sum(1 for line in proxied if line["request_id"] in edge_ids)
    words = ["Loadtest Person", "pc-user", "@example.org", "prosecutor", password]
    leaks = [w for w in words if w in app_log or w in nginx_log]
    if leaks:
        failures.append(f"the logs contain {leaks}")
    if not proxied or joined < len(proxied):
        failures.append(f"request lines with nginx's request id: {joined} of {len(proxied)}")
    return {
        "lines": len(requests),
        "proxied": len(proxied),
        "joined": joined,
        "retried": sum(1 for line in edge if "," in line["upstream"]),
        "leaks": leaks,
    }


def report_lines(args, load: LoadRun, c: dict, saves: dict, tp: dict, b: dict, logs: dict):
    duration = load.t_end - load.t0
    results = load.results
    answered = [r for r in results if r.ok]
    e = load.events
    lines = [
        f"{len(load.plan.accounts)} users ({args.correspondents} correspondents), {duration:.0f} s,"
        f" think time {args.think[0]:g}-{args.think[1]:g} s, {os.cpu_count()} cores shared with"
        f" the load generator; {len(results)} requests, {len(results) / duration:.1f} per second.",
        "",
        "| window | requests | errors | failed reads |",
        "|---|---:|---:|---:|",
    ]
    for name, rs in c["windows"].items():
        errs = c["errors"][name]
        reads = sum(1 for r in errs if r.method == "GET")
        lines.append(f"| {name} | {len(rs)} | {len(errs)} | {reads} |")
    lines += ["", "| page (outside faults) | requests | p50 ms | p95 ms | errors |"]
    lines += ["|---|---:|---:|---:|---:|"]
    for page in sorted({r.page for r in results}):
        rs = [r for r in c["windows"]["outside faults"] if r.page == page]
        ms = [1000 * (r.end - r.start) for r in rs if r.ok]
        errs = sum(1 for r in rs if not r.ok)
        p50, p95 = (f"{percentile(ms, q):.0f}" if ms else "-" for q in (0.5, 0.95))
        lines.append(f"| {page} | {len(rs)} | {p50} | {p95} | {errs} |")
    kinds: dict[str, int] = {}
    for r in c["pg_errors"]:
        key = f"{r.method} {r.status or r.note}"
        kinds[key] = kinds.get(key, 0) + 1
    kill_writes = len(c["errors"]["server B killed"]) - len(c["kill_reads"])
    lines += [
        "",
        f"- Server B killed (SIGKILL) at {e['kill B'] - load.t0:.0f} s: {len(c['kill_reads'])}"
        f" failed reads, {kill_writes} failed writes in flight; over the whole run nginx"
        f" retried {logs['retried']}"
        f" requests on the other server. B started again at {e['start B'] - load.t0:.0f} s,"
        f" ready in {load.b_ready:.1f} s.",
        f"- All {e['workers']:.0f} workers of server A killed (SIGKILL) at"
        f" {e['kill worker'] - load.t0:.0f} s, its master left running:"
        f" {len(c['windows']['workers of A killed'])} requests in flight or in the second after,"
        f" {len(c['worker_reads'])} failed reads,"
        f" {len(c['errors']['workers of A killed']) - len(c['worker_reads'])} failed writes.",
        f"- PostgreSQL stopped at {e['pg stop'] - load.t0:.0f} s, back"
        f" {e['pg up'] - e['pg stop']:.1f} s later: {len(c['pg_errors'])} errors"
        f" ({', '.join(f'{k}: {v}' for k, v in sorted(kinds.items())) or 'none'}); the last"
        f" {c['last_pg_error']:+.2f} s after it was back (goal: at most {RECOVERY_GOAL:g} s), the"
        f" first success {c['first_ok_after']:+.2f} s after. /readyz on A: 503 while down"
        f" {'yes' if c['not_ready_seen'] else 'NO'}, 200 again {c['ready_back']:+.2f} s after;"
        f" /healthz 200 throughout {'yes' if c['alive'] else 'NO ' + str(c['alive_failed'])};"
        f" own 400 pages {sum(1 for r in c['pg_errors'] if r.status == 400)}, bare 400 pages"
        f" {len(c['bare_400'])}.",
        f"- Saves: {saves['acked']} acknowledged, {saves['acked'] - saves['lost']} found in the"
        f" database, {saves['lost']} lost; {saves['states'] - saves['stale']} of"
        f" {saves['states']} states show their last acknowledged save.",
        f"- Application CPU during the load: {load.cpu:.0f} s for {len(answered)} answered"
        f" requests, {1000 * load.cpu / max(len(answered), 1):.0f} ms each (the mix with PDFs and"
        " logins).",
        f"- Throughput, closed loop, {tp['clients']} clients, {args.throughput_seconds:g} s each,"
        " the mix without PDFs:"
        f" two servers {tp['two']['rps']:.1f} req/s (p95 {tp['two']['p95']:.0f} ms,"
        f" {tp['two']['cpu_ms']:.0f} ms app CPU per request, {tp['two']['errors']} errors);"
        f" one server {tp['one']['rps']:.1f} req/s (p95 {tp['one']['p95']:.0f} ms,"
        f" {tp['one']['cpu_ms']:.0f} ms app CPU per request, {tp['one']['errors']} errors)."
        " Cores busy meanwhile, whole machine (other jobs included) / application servers:"
        f" {tp['two']['machine']:.2f} / {tp['two']['app_share']:.2f} with two,"
        f" {tp['one']['machine']:.2f} / {tp['one']['app_share']:.2f} with one.",
        f"- Backup of {b['tables']} tables, {b['rows']} rows ({b['audit']} audit entries):"
        f" pg_dump {b['pg_dump']:.1f} s, {b['size'] / 1e6:.1f} MB; pg_restore into an empty"
        f" database {b['pg_restore']:.1f} s (commands with start-up: {b['backup_total']:.1f} s and"
        f" {b['restore_total']:.1f} s); every row count and the audit log equal:"
        f" {'yes' if b['equal'] else 'NO'}.",
        f"- Logs: {logs['lines']} JSON request lines; {logs['joined']} of the {logs['proxied']}"
        " that came through nginx carry its request id; names, usernames, e-mails, search words"
        f" or the password in any log: {logs['leaks'] or 'none'}.",
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--correspondents", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--think", type=float, nargs=2, default=(6.0, 14.0))
    parser.add_argument("--throughput-seconds", type=float, default=30)
    parser.add_argument("--throughput-clients", type=int, default=8)
    args = parser.parse_args()

    ensure_packages(["postgresql", "nginx", "openssl"])
    ports_free([PG_PORT, HTTPS_PORT, HTTP_PORT, *APP_PORTS.values()])
    run_dir = Path(tempfile.mkdtemp(prefix="handbook-prodcheck."))
    run_dir.chmod(0o755)
    stack = Stack(run_dir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    failures: list[str] = []
    try:
        started = time.monotonic()
        context, accounts = deploy(stack, args, failures)
        check_edge(context, failures)
        log(f"deployed in {time.monotonic() - started:.0f} s: PostgreSQL, 2 gunicorn, nginx")
        load = load_with_faults(stack, context, accounts, args)
        windows = classify(load, failures)
        saves = check_saves(load.plan, failures)
        speed = measure_throughput(stack, context, load, args, failures)
        backup = backup_restore(stack, failures)
        logs = check_logs(stack, accounts["password"], failures)
        lines = report_lines(args, load, windows, saves, speed, backup, logs)
    finally:
        stack.stop_all()
        shutil.rmtree(run_dir, ignore_errors=True)
    verdict = "PASSED" if not failures else "FAILED"
    head = f"## prod-check {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {verdict}"
    text = "\n".join([head, "", *lines, *(["", "Goals not met:"] if failures else [])])
    text += "".join(f"\n- {f}" for f in failures) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "prodcheck-latest.md").write_text(text)
    print("\n" + text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
