from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from countries.templatetags.profiles import history_reason
from handbook.html import message_html
from legal.seed import SEED_FILE, SEED_REASON, SEED_REASON_SAID

register = template.Library()


@register.filter
def legal_reason(reason: str | None, lang: str = "") -> SafeString:
    """A legal record's version reason as the reader reads it: the seed's (the portal's own) in
    their language, anything else as countries' history_reason shows it (typed reasons marked
    with `lang`, the instrument's language)."""
    if reason == SEED_REASON:  # the file's name is a code, in no language (lang="zxx")
        file = format_html('<code lang="zxx">{}</code>', SEED_FILE)
        return message_html(gettext(SEED_REASON_SAID), file=file)
    return history_reason(reason, lang)
