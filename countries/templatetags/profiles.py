from django import template
from django.utils.safestring import SafeString, mark_safe

from countries.notes import sanitise_note
from countries.schema import humanise_duration

register = template.Library()


@register.filter
def note_html(value: str) -> SafeString:
    """A note's stored HTML, sanitised again on the way out (defence in depth)."""
    return mark_safe(sanitise_note(value or ""))  # noqa: S308 (sanitised by nh3)


@register.filter
def duration_text(value) -> str:
    return humanise_duration(value) if value is not None else "Not known"
