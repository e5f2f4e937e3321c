from django.apps import AppConfig


class CurrencyConfig(AppConfig):
    """Keeping entries current: test calls of 24/7 numbers, reminders to correspondents."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "currency"

    def ready(self) -> None:
        from countries.signals import version_saved

        from . import services

        # A new version of an entry closes the readers' reports it answers (same transaction).
        version_saved.connect(services.on_version_saved, dispatch_uid="currency.reports_close")
