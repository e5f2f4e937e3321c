"""Where the words of a PDF sit on its pages: poppler's pdftotext gives each word's box."""

import shutil
import subprocess
import xml.etree.ElementTree as ET

XHTML = "{http://www.w3.org/1999/xhtml}"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils


def heads_inside_pages(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Per page, the words of the column headings (the row that starts with "Question") that
    lie entirely inside the page, as (x, word). Word boxes come from poppler's pdftotext."""
    xhtml = subprocess.run(  # noqa: S603 (a fixed command on our own PDF)
        [PDFTOTEXT, "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    pages = []
    root = ET.fromstring(xhtml)  # noqa: S314 (poppler's output for our own PDF)
    for page in root.iter(f"{XHTML}page"):
        width, height = float(page.get("width")), float(page.get("height"))
        words = [
            (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), w.text or "")
            for w in page.iter(f"{XHTML}word")
        ]
        question = next((w for w in words if w[3] == "Question"), None)
        if question is None:
            pages.append([])
            continue
        top = question[1]
        pages.append(
            [
                (x0, text)
                for x0, y0, x1, text in words
                if top - 2 <= y0 <= top + 40 and x0 > question[2] and x1 <= width and y0 < height
            ]
        )
    return pages


def assert_every_state_heads_a_column(pdf: bytes, names: list[str]) -> None:
    pages = heads_inside_pages(pdf)
    for name in names:
        words = name.replace(",", "").split()
        hits = [
            page
            for page in pages
            if all(any(text.rstrip(",") == w for _, text in page) for w in words)
        ]
        assert hits, f"{name} heads no column inside a page"
        xs = [x for x, text in hits[0] if text.rstrip(",") in words]
        assert max(xs) - min(xs) < 150, f"{name} is split across columns"


def text_of(pdf: bytes) -> str:
    """The words of a PDF as poppler reads them, one space between each (for "is this heading
    there" checks, whatever the line breaks)."""
    text = subprocess.run(  # noqa: S603 (a fixed command on our own PDF)
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())
