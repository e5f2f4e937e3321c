"""The French catalogue uses the glossary's terms: a message whose English names a term of
docs/glossary.md says it with the glossary's French, and every term gives its source."""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
HEADER = ["English", "French", "Source"]

# Messages that name a term but rightly do not use its French, keyed by (msgid, English term),
# each with the reason. Keep this short: a new entry needs a reason a reviewer would accept.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # ("English msgid", "glossary term"): "why this French rightly does without the term",
}

# Other forms of a French term that say the same, keyed by the glossary's French, with the
# reason: the English word is also used as a verb.
ALSO_ACCEPTED: dict[str, tuple[str, ...]] = {
    # "Request access", "Request a new link": the verb "demander" in all its forms.
    "demande": ("demander", "demandez", "demandé", "demandée", "demandés", "demandées"),
    # "Not known" is "Inconnu" as an answer; a sentence says it with the verb ("n'est pas
    # connu", "pas encore connu", "non connu"), which means the same.
    "inconnu": ("inconnue", "inconnus", "inconnues", "connu", "connue", "connus", "connues"),
    # The drug conventions and the controlled-delivery articles say "stupéfiants" for the drugs
    # a delivery carries (décret n° 2000-1124, art. 6); EU texts say "drogue". Both are right.
    "drogue": ("stupéfiant", "stupéfiants"),
}

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
FRENCH_SPACE = r"[\s\u00a0\u202f]+"


@dataclass(frozen=True)
class Term:
    english: str
    french: str
    source: str

    @property
    def english_pattern(self) -> re.Pattern:
        """Word boundaries, case-insensitive (capitals only for an acronym or a marking), the
        last word in the singular or the plural, a space also matching a hyphen."""
        parts = re.split(r"([\s-]+)", self.english)
        words, seps = parts[0::2], parts[1::2]
        last = words[-1]
        if re.search(r"[^aeiou]y$", last):
            words[-1] = re.escape(last[:-1]) + "(?:y|ies)"
        elif last[-1].isalpha():
            words[-1] = re.escape(last) + "(?:s|es)?"
        else:
            words[-1] = re.escape(last)
        escaped = [re.escape(w) for w in words[:-1]] + [words[-1]]
        body = escaped[0]
        for sep, word in zip(seps, escaped[1:], strict=True):
            body += (r"[\s-]?" if "-" in sep else r"[\s-]+") + word
        flags = 0 if self.english.isupper() else re.IGNORECASE
        return re.compile(rf"(?<!\w){body}(?!\w)", flags)

    @property
    def french_pattern(self) -> re.Pattern:
        """Case-insensitive, any word in the plural (-s, -x, -al/-aux), elided articles allowed
        before it ("l'État", "d'État"), any kind of space between words."""
        body = FRENCH_SPACE.join(_plural(w) for w in self.french.split())
        return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _plural(word: str) -> str:
    if word.endswith("al"):
        return re.escape(word[:-2]) + "(?:al|aux)"  # correspondant national, -aux
    return re.escape(word) + ("[sx]?" if word[-1].isalpha() else "")


def read_glossary(text: str) -> list[Term]:
    """The one table of the glossary, as terms; anything else in the file is prose."""
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        else:
            current = None
    assert len(tables) == 1, f"the glossary must hold exactly one table, not {len(tables)}"
    header, rule, *rows = tables[0]
    assert header == HEADER, header
    assert all(set(cell) <= set("-: ") for cell in rule), rule
    for row in rows:
        assert len(row) == 3, f"three columns, English | French | Source: {row}"
    return [Term(*row) for row in rows]


def required_terms(msgid: str, terms: list[Term]) -> list[Term]:
    """The terms the English names, leaving out a term found only inside a longer one
    ("customs" inside "customs co-operation")."""
    english = PLACEHOLDER.sub(" ", msgid)
    found = [(term, m.span()) for term in terms for m in term.english_pattern.finditer(english)]
    required = []
    for term, (start, end) in found:
        inside = any(
            other is not term and a <= start and end <= b and (b - a) > (end - start)
            for other, (a, b) in found
        )
        if not inside and term not in required:
            required.append(term)
    return required


def _uses(term: Term, french: str) -> bool:
    if term.french_pattern.search(french):
        return True
    words = re.findall(r"\w+", french.lower())
    return any(form in words for form in ALSO_ACCEPTED.get(term.french, ()))


def violations(catalogue: polib.POFile, terms: list[Term]) -> list[str]:
    """Every translated entry whose French lacks the French of a term its English names."""
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        frenches = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not any(frenches):
            continue  # untranslated: the completeness test reports it
        english = f"{entry.msgid} {entry.msgid_plural}" if entry.msgid_plural else entry.msgid
        for term in required_terms(english, terms):
            if (entry.msgid, term.english) in EXCEPTIONS:
                continue
            missing = [f for f in frenches if not _uses(term, f)]
            if missing:
                found.append(
                    f"{entry.msgid!r}: {term.english!r} must be {term.french!r} in French, "
                    f"not {missing[0]!r}"
                )
    return found


@pytest.fixture(scope="module")
def terms() -> list[Term]:
    return read_glossary(GLOSSARY.read_text(encoding="utf-8"))


def test_every_glossary_term_has_its_french_and_a_source(terms):
    assert len(terms) > 50
    for term in terms:
        assert term.english and term.french, term
        assert term.source, f"{term.english}: no source (say 'No source found' and why)"
    englishes = [t.english.lower() for t in terms]
    assert len(englishes) == len(set(englishes)), "a term is listed twice"


def test_every_exception_gives_its_reason():
    assert all(reason.strip() for reason in EXCEPTIONS.values())


def test_the_catalogue_uses_the_glossary_terms(terms):
    catalogue = polib.pofile(str(CATALOGUE))
    problems = violations(catalogue, terms)
    assert not problems, f"{len(problems)} messages break the glossary:\n" + "\n".join(problems)


def _catalogue(*pairs: tuple[str, str]) -> polib.POFile:
    po = polib.POFile()
    for msgid, msgstr in pairs:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return po


def test_a_wrong_term_is_reported_with_its_message(terms):
    po = _catalogue(
        ("Controlled delivery possible", "Livraison contrôlée possible"),
        ("Legal basis in the requesting state", "Base légale dans l'État demandeur"),
    )
    problems = violations(po, terms)
    assert any(
        "'Controlled delivery possible'" in p and "livraison surveillée" in p for p in problems
    )
    assert any("requesting state" in p and "État requérant" in p for p in problems)
    assert any("legal basis" in p for p in problems)


def test_plurals_elisions_and_spaces_are_accepted(terms):
    po = _catalogue(
        (
            "The one contact point for controlled deliveries of this state.",
            "Le point de contact unique de cet État pour les livraisons surveillées.",
        ),
        ("Legs through third states", "Tronçons dans des États tiers"),
        (
            "%(state)s (requesting state): %(question)s",
            "%(state)s (État requérant)\u00a0: %(question)s",
        ),
        ("Joint investigation teams", "Équipes communes d'enquête"),
        ("Customs co-operation", "Coopération douanière"),  # inside a longer term: no "douane"
        ("24/7 desk", "permanence 24\u00a0h/24"),
        ("Request access", "Demander l'accès"),
        ("National correspondents", "Correspondants nationaux"),
        ("It is not known yet", "Ce n'est pas encore connu"),
    )
    assert violations(po, terms) == []


def test_a_restricted_access_portal_is_not_the_restricted_marking(terms):
    po = _catalogue(("A restricted-access portal", "Un portail à accès restreint"))
    assert violations(po, terms) == []
