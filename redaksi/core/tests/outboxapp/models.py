from django.db import models

from redaksi.core.models import OutboxRow


class Parcel(OutboxRow):
    """The smallest outbox row: something to send, and a secret to forget once it went."""

    text = models.TextField()
    secret = models.CharField(max_length=50, blank=True)
