"""The systemd units pass `systemd-analyze verify` (systemd cannot run here, its checker can),
and every daily job has a timer."""

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

UNITS = ROOT / "deploy" / "systemd"
ANALYZE = shutil.which("systemd-analyze") or "systemd-analyze"  # .ci/ensure-system installs it
DAILY_JOBS = {
    "expire_accounts": "handbook-expire-accounts",
    "backup_database": "handbook-backup",
    "delete_old_requests": "handbook-delete-old-requests",
    "send_currency_reminders": "handbook-currency-reminders",
    "send_watch_digests": "handbook-watch-digests",
}


def _installed_copy(tmp_path: Path) -> list[Path]:
    """The units as installed, with /srv/handbook pointing at this checkout and its venv."""
    copies = []
    for unit in sorted(UNITS.iterdir()):
        text = unit.read_text()
        text = text.replace("/srv/handbook/.venv/bin", str(Path(sys.executable).parent))
        text = text.replace("/srv/handbook", str(ROOT))
        name = unit.name.replace("@.service", "@8001.service")
        (tmp_path / name).write_text(text)
        copies.append(tmp_path / name)
    return copies


def test_units_pass_systemd_analyze_verify(tmp_path):
    units = _installed_copy(tmp_path)
    result = subprocess.run(  # noqa: S603 (systemd's own checker on our files)
        [ANALYZE, "verify", *[str(u) for u in units]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_every_daily_job_has_a_daily_persistent_timer():
    for command, unit in DAILY_JOBS.items():
        service = (UNITS / f"{unit}.service").read_text()
        timer = (UNITS / f"{unit}.timer").read_text()
        assert f"manage.py {command}" in service
        assert "OnCalendar=*-*-* " in timer and "Persistent=true" in timer
