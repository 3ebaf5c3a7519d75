"""Core has no tables of its own: only the abstract outbox row that each sending app makes concrete."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class OutboxRow(models.Model):
    """One message waiting to leave: written with its event, sent after commit, never lost.

    An app subclasses it with the columns of what it sends (a mail's recipients and body, a post's
    network and text) and the foreign keys it needs; `redaksi.core.outbox.Outbox` does the rest.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed for good")
        HELD = "held", _("Waiting for a person")

    # Names the message, not the try: a second put with the same key gives the first row back, and a
    # provider that honours keys drops a second send of it (see Backend.supports_idempotency).
    idempotency_key = models.CharField(max_length=100, unique=True, default=new_idempotency_key, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # When the row is next due; while it is being sent, the end of the sender's lease.
    next_try_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The provider's id of what it sent (a Message-ID, a post id): what a later edit or takedown names.
    remote_id = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
