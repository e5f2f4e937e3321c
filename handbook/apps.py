from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = "Handbook"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
