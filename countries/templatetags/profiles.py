from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from countries.models import DEFAULT_CONTENT_LANGUAGE, language_name
from countries.notes import sanitise_note
from countries.schema import humanise_duration, shows_typed_text
from countries.services import CONFIRM_REASON, REVERT_REASON, REVERTED
from handbook.html import message_html

register = template.Library()


@register.filter
def note_html(value: str) -> SafeString:
    """A note's stored HTML, sanitised again on the way out (defence in depth)."""
    return mark_safe(sanitise_note(value or ""))  # noqa: S308 (sanitised by nh3)


@register.filter
def content_lang(profile) -> str:
    """`lang="{{ profile|content_lang }}"`: the language a profile's answers, notes and contact
    points are written in (English while a state has no profile)."""
    return getattr(profile, "content_language", "") or DEFAULT_CONTENT_LANGUAGE


@register.filter
def duration_text(value) -> str:
    return humanise_duration(value) if value is not None else gettext("Not known")


@register.simple_tag
def answer_html(answer, lang: str = "", question=None) -> SafeString:
    """`{% answer_html answer lang question %}`: schema.Answer.html, with the entry's language
    `lang` on its condition, and on the answer itself when `question`'s answer is text as its
    correspondent wrote it (options and durations are the portal's own words, in the reader's
    language)."""
    typed = lang if question is not None and shows_typed_text(question) else ""
    return answer.html(lang, typed)


@register.filter
def history_reason(reason: str | None, lang: str = "") -> SafeString:
    """A version's reason as the reader reads it: the portal's own reasons in their language,
    what people typed as they typed it, marked with `lang` (the entry's language: the person
    who keeps an entry writes in it)."""

    def typed(text: str) -> SafeString:
        return format_html('<span lang="{}">{}</span>', lang, text) if lang else escape(text)

    if not reason:
        return escape("—")
    if reason == CONFIRM_REASON:
        return escape(gettext(CONFIRM_REASON))
    reverted = REVERTED.fullmatch(reason)
    if reverted:
        return message_html(
            gettext(REVERT_REASON), version=reverted["version"], reason=typed(reverted["reason"])
        )
    return typed(reason)


register.filter("language_name", language_name)
