"""Chromium prints a 12-state comparison; every state heads a column inside a page. The
portal's own PDF of the same comparison is downloaded and checked the same way."""

import pytest
from django.core.management import call_command

from countries.models import Country
from tests.pdfwords import assert_every_state_heads_a_column

from .conftest import ARTIFACTS
from .test_profile_edit_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_twelve_state_comparison_prints_in_full(live_server, page):
    call_command("load_demo", verbosity=0)
    names = sorted(c.name for c in Country.objects.filter(profile__demo=True))
    codes = [c.slug for c in Country.objects.filter(profile__demo=True)]
    assert len(codes) == 12
    log_in(page, live_server.url, "official")
    page.goto(f"{live_server.url}/compare/?" + "&".join(f"c={c}" for c in codes))
    assert page.locator(".matrix-wrap thead th").count() == 13
    page.emulate_media(media="print")
    assert page.locator(".matrix-print .matrix-group").count() == 3
    printed = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "compare-12-browser-print.pdf").write_bytes(printed)
    assert_every_state_heads_a_column(printed, names)
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.click("text=Download PDF")
    pdf = download_info.value.path().read_bytes()
    (ARTIFACTS / "compare-12.pdf").write_bytes(pdf)
    assert_every_state_heads_a_column(pdf, names)
    assert page.console_errors == []
