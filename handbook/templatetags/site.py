"""Site-wide template tags."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_languages() -> list[tuple[str, str]]:
    """(code, name) of each language of the site, each named in itself ("English",
    "Français") whatever the page's language: the switcher's buttons."""
    return settings.LANGUAGES
