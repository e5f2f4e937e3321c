from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import User
from accounts.services import person_forget


class Command(BaseCommand):
    help = "Remove a person's personal data on request (the account is anonymised)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("who", help="username or e-mail address")

    def handle(self, *args, who: str, **options) -> None:
        user = User.objects.filter(Q(username=who) | Q(email__iexact=who)).first()
        if user is None:
            raise CommandError(f"No account for {who!r}.")
        person_forget(user=user)
        self.stdout.write(f"Personal data removed; the account is now {user.username}.")
