from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from handbook.backups import BackupError, database_backup, database_backup_rotate


class Command(BaseCommand):
    help = "A consistent PostgreSQL backup (pg_dump custom format) to a file or a directory."

    def add_arguments(self, parser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--output", type=Path, help="write the backup to this file")
        target.add_argument("--directory", type=Path, help="a dated file in this directory")
        parser.add_argument(
            "--keep", type=int, default=14, help="with --directory: backups kept (default 14)"
        )

    def handle(self, *args, output: Path | None, directory: Path | None, keep: int, **options):
        try:
            if output:
                done = database_backup(path=output)
            else:
                done = database_backup_rotate(directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup written: {done.path} ({done.size} bytes) in {done.seconds:.1f} s; "
            f"older backups removed: {len(done.removed)}."
        )
