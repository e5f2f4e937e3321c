from django.core.management.base import BaseCommand

from currency.services import currency_reminders_send


class Command(BaseCommand):
    help = (
        "Daily: remind correspondents 60, 30 and 7 days before their entry goes stale and when "
        "it has, when a 24/7 number is due for a test call, and for an open update round "
        "(each reminder once)."
    )

    def handle(self, *args, **options) -> None:
        sent = currency_reminders_send()
        self.stdout.write(
            f"Reminders sent: {sent['stale_60']} at 60 days, {sent['stale_30']} at 30 days, "
            f"{sent['stale_7']} at 7 days, {sent['stale']} stale, "
            f"{sent['test_call']} test calls due; update round: {sent['round_open']} opened, "
            f"{sent['round_7']} at 7 days, {sent['round_overdue']} overdue."
        )
