from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .sessions import session_start


@receiver(user_logged_in, dispatch_uid="accounts.session_start")
def start_session_clock(sender, request, user, **kwargs) -> None:
    if request is not None:
        session_start(request)
