"""HTML made from a translated message."""

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def message_html(message: str, **parts) -> SafeString:
    """A catalogue message with its %(name)s parts, as HTML: the message and every part
    escaped, except parts already HTML (e.g. what people wrote, wrapped in <span lang>)."""
    escaped = conditional_escape(message) % {k: conditional_escape(v) for k, v in parts.items()}
    return mark_safe(escaped)  # noqa: S308 (the message and every part escaped)
