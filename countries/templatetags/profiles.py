from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from countries.history import shows_typed_text
from countries.models import language_name
from countries.notes import sanitise_note
from countries.schema import humanise_duration
from countries.services import CONFIRM_REASON, REVERT_REASON, REVERTED

register = template.Library()


@register.filter
def note_html(value: str) -> SafeString:
    """A note's stored HTML, sanitised again on the way out (defence in depth)."""
    return mark_safe(sanitise_note(value or ""))  # noqa: S308 (sanitised by nh3)


@register.filter
def duration_text(value) -> str:
    return humanise_duration(value) if value is not None else gettext("Not known")


@register.filter
def typed_lang(question, lang: str) -> str:
    """`lang` (an entry's content language) if the question's answer is text as its
    correspondent wrote it, else "": options and durations are the portal's own words, in the
    reader's language. For _answer.html's `text_lang`:
    {% include "countries/_answer.html" with answer=a lang=l text_lang=q|typed_lang:l only %}"""
    return lang if shows_typed_text(question) else ""


@register.filter
def history_reason(reason: str | None) -> str:
    """A version's reason as the reader reads it: the portal's own reasons in their language,
    what people typed as they typed it."""
    if not reason:
        return "—"
    if reason == CONFIRM_REASON:
        return gettext(CONFIRM_REASON)
    reverted = REVERTED.fullmatch(reason)
    if reverted:
        return gettext(REVERT_REASON) % reverted.groupdict()
    return reason


register.filter("language_name", language_name)
