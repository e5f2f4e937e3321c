from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Briefs for officials")

    def ready(self) -> None:
        # The modules that name questions and options record those names when imported; load
        # them before the system checks run so that countries.E001 sees every one.
        from . import routes, search  # noqa: F401
