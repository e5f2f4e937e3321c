from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demonstration data"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
