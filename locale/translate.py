"""Fill French translations into locale/fr/LC_MESSAGES/django.po from a JSON file of
{"English msgid": "French msgstr"} (or, for plurals, {"msgid": ["singular", "plural"]}).

    .venv/bin/python locale/translate.py my-translations.json

Only empty or fuzzy entries are filled unless --force; prints what is still untranslated."""

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent / "fr" / "LC_MESSAGES" / "django.po"


def main(argv: list[str]) -> int:
    force = "--force" in argv
    files = [a for a in argv if not a.startswith("--")]
    catalogue = polib.pofile(str(CATALOGUE), wrapwidth=100)
    given: dict = {}
    for name in files:
        given.update(json.loads(Path(name).read_text(encoding="utf-8")))
    for entry in catalogue:
        if entry.obsolete or entry.msgid not in given:
            continue
        if entry.translated() and not force:
            continue
        french = given[entry.msgid]
        if entry.msgid_plural:
            singular, plural = french if isinstance(french, list) else (french, french)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = french
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    catalogue.save()
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    print(f"{len(catalogue)} messages, {len(missing)} untranslated")
    for msgid in missing:
        print("  ", json.dumps(msgid, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
