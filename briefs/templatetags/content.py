"""The language of content written by people (answers, notes, contact details), for the `lang`
attribute that tells screen readers how to read it. One place to change: the profile's
`content_language` when it has one, else English (what correspondents have written in so far)."""

from django import template

register = template.Library()

CONTENT_LANGUAGE = "en"


@register.filter
def content_lang(profile) -> str:
    """`lang="{{ profile|content_lang }}"`: the language `profile`'s content is written in."""
    return getattr(profile, "content_language", "") or CONTENT_LANGUAGE
