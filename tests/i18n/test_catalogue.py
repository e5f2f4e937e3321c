"""The French catalogue is complete: every string the code marks is in it, with a French
translation that is neither empty nor fuzzy, and whose placeholders match the English."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

from tests.i18n.english import english_words

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
IGNORE = ["bench/*", "tests/*"]
SKIP = (".venv", ".git", "staticfiles", "test-artifacts", "db.sqlite3", "*.mo", "__pycache__")


def _entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_every_message_has_a_french_translation_that_is_not_fuzzy():
    gaps = [e.msgid for e in _entries() if not e.translated() or "fuzzy" in e.flags]
    assert gaps == []


def test_no_obsolete_entries_are_kept():
    assert [e.msgid for e in polib.pofile(str(CATALOGUE)) if e.obsolete] == []


def test_the_catalogue_compiles_with_matching_placeholders(tmp_path):
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        ["/usr/bin/msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_no_french_translation_is_left_in_english():
    """A msgstr copied from its msgid, or still holding English words, is a gap."""
    english = []
    for entry in _entries():
        french = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        if english_words(french):
            english.append((entry.msgid, french))
    assert english == []


def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages, run afresh on a copy of the code, finds no msgid the catalogue lacks:
    `make messages` was run after the last marked string. (A copy, because makemessages
    always writes into the ./locale it finds.)"""
    copy = tmp_path / "code"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*SKIP))
    subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--verbosity", "0"]
        + [arg for pattern in IGNORE for arg in ("--ignore", pattern)],
        cwd=copy,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "handbook.settings"},
    )
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    kept = {(e.msgctxt, e.msgid) for e in _entries()}
    missing = [e.msgid for e in fresh if not e.obsolete and (e.msgctxt, e.msgid) not in kept]
    assert missing == []
