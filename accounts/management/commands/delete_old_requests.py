from django.core.management.base import BaseCommand

from accounts.services import access_requests_delete_old


class Command(BaseCommand):
    help = "Daily: delete rejected and unconfirmed access requests older than 12 months."

    def handle(self, *args, **options) -> None:
        deleted = access_requests_delete_old()
        self.stdout.write(f"Old access requests deleted: {deleted}.")
