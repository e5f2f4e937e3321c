"""PDF exports: rendered by WeasyPrint from the portal's own templates, fonts and stylesheet.

The URL fetcher serves only the portal's own static files and refuses everything else, so a
note that smuggles `<img src="file:///etc/passwd">` or an external address reads nothing and
sends no request. Every export is written to the audit log.

Laying out a document is WeasyPrint's cost, and many officials export the same content. So the
document is rendered from templates that know nothing of the user, kept in a small in-process
cache keyed by a digest of its HTML (which changes with every new version of the content, and
with the language), and the per-user marking (who exported it, their organisation, the UTC
time, "Page x of y") is laid out alone, on pages of the same sizes, and merged onto each page
with pypdf. The cache is bounded in bytes and holds no per-user data.

Memory: WeasyPrint builds a new fontconfig configuration and Pango font map for every document
unless it is given one, and those are never given back (about 0.22 MB per PDF, without end:
bench/pdf_memory.py). Each thread lays out with one FontConfiguration of its own instead, kept
for the life of the process, so memory stays flat after the first exports.

Time: a layout builds hundreds of thousands of objects (boxes, styles, text layouts) that all
stay alive until the PDF is written, so the cycle collections their allocation sets off find
almost nothing to free, and each full one walks the whole heap: three full collections per
10-state comparison, about a quarter of its CPU time. The collector is held off while one
document is laid out, then one young-generation collection frees that document's cycles in a
single pass over its own objects (gc/doc 752 -> 256 ms, comparison; 386 -> 153 ms, route).
"""

import gc
import hashlib
import io
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .audit import audit_record
from .models import AuditAction

# A name that cannot resolve: relative links in the templates become URLs on it.
PDF_BASE_URL = "https://handbook.pdf.invalid/"


class PdfFetchRefused(ValueError):
    """A PDF tried to load something that is not one of the portal's static files."""


def static_file_for(url: str) -> Path:
    """The local static file behind `url`, or PdfFetchRefused for anything else."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise PdfFetchRefused(f"PDF export does not fetch {url[:100]!r}")
    if not parts.path.startswith(settings.STATIC_URL) or ".." in parts.path:
        raise PdfFetchRefused(f"PDF export does not fetch {url[:100]!r}")
    found = finders.find(parts.path.removeprefix(settings.STATIC_URL))
    if not found:
        raise PdfFetchRefused(f"No such static file: {parts.path[:100]!r}")
    return Path(found)


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        path = static_file_for(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


_fonts = threading.local()  # Pango's font maps are not to be shared between threads


@contextmanager
def collector_held_off() -> Iterator[None]:
    """No cycle collection inside the block; one of the young generation (everything allocated
    in the block) when it ends. The collector is the process's: a thread that ends its block
    turns it back on for another thread still in its own, which only costs that one speed, and
    it is never off for longer than one block. So it is always turned back on, never restored
    to what it was (which could be another thread's block)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def write_pdf(html: str) -> bytes:
    """`html` laid out by WeasyPrint, fetching only static files, with this thread's fonts."""
    font_config = getattr(_fonts, "config", None)
    if font_config is None:
        font_config = _fonts.config = FontConfiguration()
    with collector_held_off():
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher())
        return document.write_pdf(font_config=font_config)


# The rendered documents, shared by every user ------------------------------------------------
CACHE_BYTES = 32 * 1024 * 1024  # default bound of the documents kept, per process


class DocumentCache:
    """Rendered PDFs by key, least recently used dropped first once over `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, document: bytes) -> None:
        if len(document) > self.limit:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = document
            self._size += len(document)
            while self._size > self.limit:
                _key, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


documents = DocumentCache(getattr(settings, "PDF_CACHE_BYTES", CACHE_BYTES))


def document_for(template: str, context: dict) -> bytes:
    """The PDF of `template` with `context` (no user in it), rendered once per content."""
    html = render_to_string(template, context)
    key = hashlib.sha256(f"{get_language()}\0{template}\0{html}".encode()).hexdigest()
    document = documents.get(key)
    if document is None:
        document = write_pdf(html)
        documents.put(key, document)
    return document


# The per-user marking, stamped onto every page -----------------------------------------------
@dataclass(frozen=True)
class Marking:
    name: str
    organisation: str
    at: datetime  # UTC

    @property
    def line(self) -> str:
        at = f"{self.at:%Y-%m-%d %H:%M}"
        if self.organisation:
            return gettext("RESTRICTED. Exported by %(name)s (%(organisation)s) on %(at)s UTC") % {
                "name": self.name,
                "organisation": self.organisation,
                "at": at,
            }
        return gettext("RESTRICTED. Exported by %(name)s on %(at)s UTC") % {
            "name": self.name,
            "at": at,
        }


def _css_string(text: str) -> str:
    """`text` as a CSS string: every character but letters, digits and spaces as an escape, so
    that no name can end the string or the style sheet."""
    return (
        '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text) + '"'
    )


def _page_numbers_css() -> str:
    """The CSS `content` of "Page x of y" in the active language, with the page counters."""
    words = gettext("Page %(page)s of %(pages)s")
    parts = []
    for piece in (
        words.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0").split("\0")
    ):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def _marking_pdf(marking: Marking, sizes: list[tuple[float, float]]) -> bytes:
    """Pages of the given sizes (points) holding only the marking and their numbers."""
    kinds = list(dict.fromkeys(sizes))
    named = "".join(
        f"@page s{n} {{ size: {w:.2f}pt {h:.2f}pt; }} .s{n} {{ page: s{n}; }}"
        for n, (w, h) in enumerate(kinds)
    )
    css = (
        '@font-face { font-family: "Handbook Sans"; src: url("/static/fonts/DejaVuSans.ttf"); }'
        "@page { margin: 22mm 16mm;"
        f" @bottom-left {{ content: {_css_string(marking.line)}; color: #5a6472;"
        ' font: 7.5pt "Handbook Sans"; vertical-align: bottom; padding-bottom: 3mm; }'
        f" @bottom-right {{ content: {_page_numbers_css()}; color: #5a6472;"
        ' font: 8pt "Handbook Sans"; vertical-align: bottom; padding-bottom: 3mm; } }'
        f"{named} div {{ height: 1px; break-after: page; }} div:last-child {{ break-after: auto; }}"
    )
    body = "".join(f'<div class="s{kinds.index(size)}"></div>' for size in sizes)
    return write_pdf(f"<html><head><style>{css}</style></head><body>{body}</body></html>")


def stamp(document: bytes, marking: Marking) -> bytes:
    """`document` with `marking` merged onto each of its pages."""
    pages = PdfReader(io.BytesIO(document)).pages
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
    overlay = PdfReader(io.BytesIO(_marking_pdf(marking, sizes))).pages
    writer = PdfWriter(clone_from=io.BytesIO(document))
    for page, mark in zip(writer.pages, overlay, strict=True):
        page.merge_page(mark)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def marking_for(user) -> Marking:
    """The marking of an export by `user`, now."""
    return Marking(
        name=user.get_full_name(),
        organisation=getattr(user, "organisation", ""),
        at=timezone.now().astimezone(UTC),
    )


def private_pdf(template: str, context: dict, marking: Marking) -> bytes:
    """A PDF of content that must not outlive the request (e.g. case facts): rendered for this
    export alone, never kept in the shared cache."""
    return stamp(write_pdf(render_to_string(template, context)), marking)


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """An export as a download that no browser or proxy keeps."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def pdf_response(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    filename: str,
    what: str,
    country: str = "",
) -> HttpResponse:
    """Render (or reuse), mark for the requesting user, audit and return a PDF export."""
    pdf = stamp(document_for(template, context), marking_for(request.user))
    audit_record(action=AuditAction.PDF_EXPORTED, request=request, country=country, detail=what)
    return attachment(pdf, content_type="application/pdf", filename=filename)
