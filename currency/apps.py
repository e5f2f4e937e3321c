from django.apps import AppConfig


class CurrencyConfig(AppConfig):
    """Keeping entries current: test calls of 24/7 numbers, reminders to correspondents."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "currency"
