"""PDF exports: rendered by WeasyPrint from the portal's own templates, fonts and stylesheet.

The URL fetcher serves only the portal's own static files and refuses everything else, so a
note that smuggles `<img src="file:///etc/passwd">` or an external address reads nothing and
sends no request. Every export is written to the audit log.
"""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
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


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def pdf_response(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    filename: str,
    what: str,
    country: str = "",
) -> HttpResponse:
    """Render, audit and return a PDF export for the requesting user."""
    context = {
        **context,
        "exported_by": request.user,
        "exported_at": timezone.now(),
    }
    pdf = render_pdf(template, context)
    audit_record(action=AuditAction.PDF_EXPORTED, request=request, country=country, detail=what)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
