from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from handbook.backups import BackupError, database_restore


class Command(BaseCommand):
    help = "Restore a backup_database file into the configured database, which must be empty."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="a file written by backup_database")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            seconds = database_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup restored from {path} in {seconds:.1f} s.")
