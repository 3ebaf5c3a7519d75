from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redaksi.accounts.models import Office
from redaksi.core.models import OutboxRow
from redaksi.newsroom.models import Approval, NewsItem, StepRun

from .messages import render


class OutboundMail(OutboxRow):
    """One mail in the outbox (redaksi.core.outbox): written with the event, sent after commit, never lost."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    item = models.ForeignKey(NewsItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=40)
    to = models.JSONField(default=list)
    reply_to = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    # [{"name":..., "mimetype":..., "content_b64":...}]: small attachments only.
    attachments = models.JSONField(default=list, blank=True)
    # Secrets (link tokens) that appear in the body: blanked out once the mail has gone.
    redact = models.JSONField(default=list, blank=True)
    message_id = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} → {', '.join(self.to)}"


class ApprovalToken(models.Model):
    """A link/reply token for one approver, one item, one revision. Only the token's hash is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="+")
    step_run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="+")
    step_number = models.PositiveSmallIntegerField()
    revision = models.PositiveIntegerField()
    text_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["item", "used_at", "revoked_at"], name="notify_token_open")]

    def __str__(self) -> str:
        return f"token {self.pk} for {self.user_id} on item {self.item_id} r{self.revision}"


class SoftcopyRecord(models.Model):
    """The softcopy of one approval decision: the PDF sheet, its hash, and the original mail."""

    approval = models.OneToOneField(Approval, on_delete=models.PROTECT, related_name="softcopy")
    code = models.CharField(max_length=20, unique=True)
    pdf = models.FileField(upload_to="notify/softcopy/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    eml = models.FileField(upload_to="notify/eml/%Y/%m/", blank=True)
    eml_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class InboundMail(models.Model):
    """Every mail that reached the reply endpoint, and what was done with it."""

    class Result(models.TextChoices):
        APPLIED = "applied", _("Decision recorded")
        REFUSED = "refused", _("Refused")
        HELP = "help", _("Not understood; help sent")

    received_at = models.DateTimeField(auto_now_add=True)
    mail_from = models.CharField(max_length=320, blank=True)
    envelope_from = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    token = models.ForeignKey(ApprovalToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    result = models.CharField(max_length=10, choices=Result.choices)
    why = models.CharField(max_length=60, blank=True)
    first_line = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.mail_from}: {self.result}"


class Notification(models.Model):
    """An entry of a user's in-app inbox."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=30)
    # The words, in the office language (for the mail, and all an entry of before has) ...
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # ... and the message keys and values (notify.messages) the inbox words in the reader's language.
    title_key = models.CharField(max_length=40, blank=True)
    body_key = models.CharField(max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The step run the entry announces ("your turn", an approval, a reminder): once the item leaves
    # that step the task is done, whoever did it, and the entry leaves the inbox (`done_at`).
    step_run = models.ForeignKey(StepRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the daily digest of a user who chose it; cleared when the digest goes.
    digest_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notify_unread"),
            models.Index(fields=["item", "done_at"], name="notify_open_for_item"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the active language (the reader's), from its message when it has one."""
        return (render(self.title_key, self.params) if self.title_key else "") or self.title

    @property
    def shown_body(self) -> str:
        return (render(self.body_key, self.params) if self.body_key else "") or self.body


class Preference(models.Model):
    class Mode(models.TextChoices):
        INSTANT = "instant", _("A mail for each notification")
        DIGEST = "digest", _("One mail a day (digest)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference")
    mode = models.CharField(_("mail"), max_length=10, choices=Mode.choices, default=Mode.INSTANT)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"


class SentReminder(models.Model):
    """A reminder threshold reached for a step run: the unique key is what makes it "never twice"."""

    step_run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="+")
    percent = models.PositiveSmallIntegerField()
    target = models.CharField(max_length=60)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step_run", "percent"], name="notify_reminder_once")]

    def __str__(self) -> str:
        return f"{self.step_run_id} {self.percent}%"


class FreshnessWarning(models.Model):
    """One warning per episode of silence: the episode is named by the last publication before it."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    warned_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "since"], name="notify_freshness_once")]

    def __str__(self) -> str:
        return f"{self.office_id} since {self.since}"


class TelegramLink(models.Model):
    """A user's Telegram chat with the office's bot: approval notices go there too (the mail stays the record)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_link")
    chat_id = models.BigIntegerField(unique=True)
    telegram_username = models.CharField(max_length=64, blank=True)
    bot_id = models.CharField(max_length=20)  # the bot the chat is with (the number before its token's colon)
    linked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} ↔ telegram {self.chat_id}"


class TelegramLinkCode(models.Model):
    """A one-time code of a t.me deep link, bound to the user who asked for it. Only its keyed hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    bot_id = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"telegram code {self.pk} for {self.user_id}"


class TelegramPoll(models.Model):
    """Where reading a bot's updates (getUpdates) goes on from: the next update id."""

    bot_id = models.CharField(max_length=20, unique=True)
    offset = models.BigIntegerField(default=0)
    polled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"bot {self.bot_id} from {self.offset}"


class OutboundTelegram(OutboxRow):
    """An approval notice by Telegram, beside its mail: sent after commit, retried, never blocking the mail.

    `remote_id` is the message's id in the chat; once the link it carries stops working the message is
    edited to say so (`withdrawn_at`).
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    item = models.ForeignKey(NewsItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.ForeignKey(ApprovalToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mail = models.ForeignKey(OutboundMail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    chat_id = models.BigIntegerField()
    text = models.TextField()
    # The link token in the text: blanked out once the message has gone.
    redact = models.JSONField(default=list, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"telegram → {self.user_id} ({self.status})"
