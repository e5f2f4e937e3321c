from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from countries.templatetags.profiles import history_reason
from legal.seed import SEED_REASON

register = template.Library()


@register.filter
def legal_reason(reason: str | None, lang: str = "") -> SafeString:
    """A legal record's version reason as the reader reads it: the seed's (the portal's own) in
    their language, anything else as countries' history_reason shows it (typed reasons marked
    with `lang`, the instrument's language)."""
    if reason == SEED_REASON:
        return escape(gettext(SEED_REASON))
    return history_reason(reason, lang)
