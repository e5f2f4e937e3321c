from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = "Handbook"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .dbroles import grant_after_migrate

        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="handbook.dbroles")
