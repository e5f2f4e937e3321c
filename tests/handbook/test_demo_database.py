"""`make demo` serves the portal on SQLite, which the suite (on PostgreSQL) never touches: here a
fresh SQLite database is migrated and loaded as `make demo` does, and an official reads every
page type that keys its cached parts in SQL (handbook/fragments.py), before and after a write."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WALK = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.models import User
from countries.models import Contact
from tests.factories import contact_changed

settings.ALLOWED_HOSTS = ["testserver"]
official = User.objects.get(username="official")
client = Client()
client.force_login(official)
session = client.session
session["otp_device_id"] = TOTPDevice.objects.filter(user=official).first().persistent_id
session.save()
pages = [
    "/countries/", "/countries/fr/", "/compare/?c=fr&c=nl", "/search/?q=prosecutor",
    "/search/?answer=urgent_oral:yes", "/route/?origin=nl&transit=be&destination=fr",
]
for url in pages:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
desk = Contact.objects.filter(country__code="FR", available_24_7=True).first()
secretariat = User.objects.get(username="secretariat")
contact_changed(desk, by=secretariat, organisation="Renamed on SQLite")
assert "Renamed on SQLite" in client.get("/countries/fr/").content.decode()
print("walked", len(pages))
"""


def test_the_demo_database_serves_every_cached_page_and_shows_a_write(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "handbook.settings",
        "PYTHONPATH": str(ROOT),
    }

    def run(*args: str) -> str:
        done = subprocess.run(  # noqa: S603 (this interpreter on our own manage.py)
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    run("manage.py", "migrate", "--noinput", "--verbosity", "0")
    run("manage.py", "load_demo")
    assert "walked 6" in run("-c", WALK)
