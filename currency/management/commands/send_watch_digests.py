from django.core.management.base import BaseCommand

from currency.services import watch_digests_send


class Command(BaseCommand):
    help = (
        "Daily: e-mail each official who watches states which of them changed since their last "
        "digest (state and section names with links; at most once a day, nothing if no change)."
    )

    def handle(self, *args, **options) -> None:
        sent = watch_digests_send()
        self.stdout.write(
            f"Watch digests sent: {sent['digests']}, listing {sent['states']} changed state(s)."
        )
