from django.core.management.base import BaseCommand

from accounts.services import accounts_expire_and_remind


class Command(BaseCommand):
    help = "Daily: remind 30 and 7 days before access ends; disable accounts idle 180 days."

    def handle(self, *args, **options) -> None:
        done = accounts_expire_and_remind()
        self.stdout.write(
            f"Reminders sent: {done['reminded_30']} at 30 days, {done['reminded_7']} at 7 days; "
            f"access ended: {done['ended']}; accounts disabled for inactivity: {done['disabled']}."
        )
