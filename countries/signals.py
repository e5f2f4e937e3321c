"""What countries tells the apps above it, inside the write's own transaction."""

from django.dispatch import Signal

# Sent by countries.services once a new version of a profile or a contact point is saved, before
# its transaction commits (a receiver's writes commit or roll back with the version). Arguments:
# sender (Profile or Contact), country, record (the saved profile or contact), columns (the
# stored columns this version changed) and by (who saved it).
version_saved = Signal()
