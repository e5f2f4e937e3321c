from django.core.management.base import BaseCommand

from countries.models import Country
from legal.models import Declaration, Instrument, Party
from legal.seed import seed_load


class Command(BaseCommand):
    help = (
        "Load the cited facts of legal/data/seed.json for the states in the database (after "
        "`loaddata countries`); never overwrites a record that exists."
    )

    def handle(self, *args, **options) -> None:
        made = seed_load(
            Instrument=Instrument, Party=Party, Declaration=Declaration, Country=Country
        )
        if options["verbosity"]:
            self.stdout.write(f"{made} records created from the seed.")
