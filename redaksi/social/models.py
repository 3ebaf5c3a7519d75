"""Step 8's rows: the office's accounts on the networks, and one share of an item per account."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from redaksi.accounts.models import Office
from redaksi.newsroom.models import NewsItem

from .base import RULES

NETWORK_CHOICES = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("telegram", "Telegram"),
    ("whatsapp", _("WhatsApp channel")),
    ("tiktok", "TikTok"),
]
assert {key for key, _label in NETWORK_CHOICES} == set(RULES)


class SocialAccount(models.Model):
    """An office's page, channel or profile on one network. The token is kept encrypted (see crypto.py)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="social_accounts")
    # The alias of REDAKSI_SOCIAL["ACCOUNTS"] it came from; empty for an account added on the staff screen.
    alias = models.CharField(max_length=60, blank=True)
    network = models.CharField(_("network"), max_length=20, choices=NETWORK_CHOICES)
    name = models.CharField(_("name"), max_length=120)
    # A network key (the client in redaksi/social/networks/<key>.py), "console", "memory", or a dotted path.
    backend = models.CharField(_("client"), max_length=200)
    options = models.JSONField(_("options"), default=dict, blank=True)
    base_url = models.CharField(_("API address"), max_length=300, blank=True)
    token_encrypted = models.BinaryField(default=b"", editable=False)
    token_set_at = models.DateTimeField(null=True, blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    # OAuth 2.0 (X, YouTube): the refresh token and the app's client secret, encrypted like the token; the
    # client id is the `client_id` option. See tokens.py (refresh) and oauth.py (the protocol).
    refresh_encrypted = models.BinaryField(default=b"", editable=False)
    client_secret_encrypted = models.BinaryField(default=b"", editable=False)
    # The week (ISO year*100+week) the administrators were last warned of the expiry: once a week.
    expiry_warned_week = models.PositiveIntegerField(null=True, blank=True)
    required = models.BooleanField(_("required for step 8"), default=True)
    active = models.BooleanField(_("active"), default=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    check_message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["office", "network", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "alias"], condition=~models.Q(alias=""), name="social_account_alias_unique"
            )
        ]
        verbose_name = _("social media account")

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.name}"

    @property
    def has_token(self) -> bool:
        return bool(self.token_encrypted)


class Share(models.Model):
    """One item shared (or to be shared) to one account: its text, its fate, and its proof."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        POSTED = "posted", _("Posted")
        RETRYING = "retrying", _("Will try again")
        NEEDS_PERSON = "needs_person", _("Waiting for a person")
        TOKEN_DEAD = "token_dead", _("Account must be reconnected")
        REFUSED = "refused", _("Refused by the network")
        MANUAL_DONE = "manual_done", _("Shared by hand")

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="shares")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="shares")
    # The same on every try: the network (or find()) sees one post, however often the worker retries.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.TextField(blank=True)
    title = models.CharField(max_length=300, blank=True)  # YouTube's video title
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.DRAFT, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Due time while queued or retrying; the end of the worker's lease while sending.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The last try went out and its answer was lost: look for the post before sending again.
    outcome_unknown = models.BooleanField(default=False)
    last_error = models.CharField(max_length=500, blank=True)
    post_id = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    # After a correction or a takedown (Followup): when the post's text was changed on the network, when it was deleted.
    updated_at_network = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    metrics_read_at = models.DateTimeField(null=True, blank=True)
    metrics_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "account__network", "account__name"]
        constraints = [models.UniqueConstraint(fields=["item", "account"], name="share_one_per_item_account")]

    def __str__(self) -> str:
        return f"{self.account} · {self.item_id}"

    @property
    def has_proof(self) -> bool:
        return self.status in (self.Status.POSTED, self.Status.MANUAL_DONE) and bool(self.url)


class Followup(models.Model):
    """What becomes of a post once its item is corrected or taken down: offered to a person, done by the worker
    (update, reply, delete) or confirmed by hand with a note (WhatsApp, TikTok, or what a network refused)."""

    class Reason(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        TAKEDOWN = "takedown", _("Taken down")

    class Action(models.TextChoices):
        UPDATE = "update", _("Update the post")
        REPLY = "reply", _("Reply with the correction")
        DELETE = "delete", _("Delete the post")
        MANUAL = "manual", _("By hand")

    class Status(models.TextChoices):
        OFFERED = "offered", _("Waiting for a decision")
        QUEUED = "queued", _("Waiting for the worker")
        WORKING = "working", _("In progress")
        RETRYING = "retrying", _("Will try again")
        DONE = "done", _("Done")
        BY_HAND = "by_hand", _("Done by hand")
        NEEDS_PERSON = "needs_person", _("Waiting for a person")
        TOKEN_DEAD = "token_dead", _("Account must be reconnected")
        REFUSED = "refused", _("Refused by the network")
        SKIPPED = "skipped", _("Left as it is")

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="followups")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OFFERED, db_index=True)
    revision = models.PositiveIntegerField(null=True, blank=True)  # the item's revision it answers
    text = models.TextField(blank=True)  # the corrected text (update) or the reply
    title = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    outcome_unknown = models.BooleanField(default=False)
    last_error = models.CharField(max_length=500, blank=True)
    note = models.CharField(max_length=500, blank=True)  # the person's note when done by hand or left as it is
    result_id = models.CharField(max_length=200, blank=True)  # the reply's id
    result_url = models.URLField(max_length=500, blank=True)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["share", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.share}"


class ShareCard(models.Model):
    """A picture made for the networks from the item: its lead photo (or the office's colours) and headline.

    Made again whenever what it is drawn from changes: `digest` is the hash of those inputs (cards.py)."""

    class Shape(models.TextChoices):
        SQUARE = "square", _("Square (1:1)")
        PORTRAIT = "portrait", _("Portrait (4:5)")

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="share_cards")
    shape = models.CharField(max_length=10, choices=Shape.choices)
    # Its address (a new one each time it is made again, so no cache keeps the old picture).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    with_photo = models.BooleanField(default=False)
    digest = models.CharField(max_length=64)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "shape"]
        constraints = [models.UniqueConstraint(fields=["item", "shape"], name="share_card_one_per_shape")]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.shape}"
