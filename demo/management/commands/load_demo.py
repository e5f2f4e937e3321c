from django.core.management.base import BaseCommand

from demo.loader import DEMO_USERNAMES, demo_load


class Command(BaseCommand):
    help = "Load the countries and the demo accounts (refuses to run in production)."

    def handle(self, *args, **options) -> None:
        demo_load()
        if options["verbosity"]:
            self.stdout.write(f"Demo data loaded: accounts {', '.join(sorted(DEMO_USERNAMES))}.")
