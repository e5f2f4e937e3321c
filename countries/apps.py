from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = "Countries"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
