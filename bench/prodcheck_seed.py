"""Seed the prod-check database: the bench volume and the load's accounts (run by prodcheck.py).

`python bench/prodcheck_seed.py OUT.json USERS CORRESPONDENTS` with DATABASE_URL set: loads every
participating state at the bench volume (bench/run.py), creates USERS accounts, the first
CORRESPONDENTS of them national correspondents with one state each, every account with its own
TOTP device, and writes their names, password, TOTP keys and states to OUT.json.
"""

import json
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench_run  # noqa: E402  (sets Django up)
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from countries.models import Country  # noqa: E402
from countries.services import correspondent_grant  # noqa: E402


def main() -> None:
    out, users, correspondents = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    started = time.perf_counter()
    secretariat = User.objects.create_user(
        "pc-secretariat", "pc-secretariat@example.org", None, role=Role.SECRETARIAT
    )
    states, _ = bench_run.load(secretariat)
    countries = list(Country.objects.order_by("code"))
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)  # one hash for all: seeding need not pay 100 hashings
    accounts = []
    with transaction.atomic():
        for n in range(users):
            role = Role.CORRESPONDENT if n < correspondents else Role.OFFICIAL
            user = User.objects.create(
                username=f"pc-user{n:03d}",
                email=f"pc-user{n:03d}@example.org",
                full_name=f"Loadtest Person {n:03d}",
                organisation="Load Test Police",
                role=role,
                password=hashed,
            )
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=user, name="load", key=key, confirmed=True)
            state = ""
            if role == Role.CORRESPONDENT:
                country = countries[n % len(countries)]
                correspondent_grant(country=country, user=user, by=secretariat)
                state = country.slug
            accounts.append(
                {"username": user.username, "key": key, "role": str(role), "state": state}
            )
    out.write_text(
        json.dumps(
            {"password": password, "accounts": accounts, "states": [c.slug for c in countries]}
        )
    )
    print(
        f"Seeded {states} states at the bench volume and {users} accounts "
        f"({correspondents} correspondents) in {time.perf_counter() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
