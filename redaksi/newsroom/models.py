from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redaksi.accounts.models import Office, Role
from redaksi.sop.models import SopVersion


class Category(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="categories")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["office", "slug"], name="category_slug_unique_per_office")]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="tags")
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["office", "slug"], name="tag_slug_unique_per_office")]

    def __str__(self) -> str:
        return self.name


class NewsItem(models.Model):
    """A news item ("Berita") on its way through the SOP version it started under."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="news_items")
    sop_version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="+")
    # The text, as of the newest revision; every save also writes a Revision.
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(max_length=120)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category"))
    tags = models.ManyToManyField(Tag, blank=True, verbose_name=_("tags"))
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Where the item stands; null once the last step is done.
    current_step = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    current_since = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the approval covers: the revision and the hash of its text.
    approved_revision = models.PositiveIntegerField(null=True, blank=True)
    approved_text_hash = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(_("scheduled publication"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The revision the website shows: set at publication and moved only by an approval, so an
    # edit of a live item stays off the website until it is approved.
    public_revision = models.PositiveIntegerField(null=True, blank=True)
    urgent_published_at = models.DateTimeField(null=True, blank=True)
    urgent_reason = models.CharField(max_length=500, blank=True)
    share_links = models.JSONField(default=list, blank=True)
    # Everyone who wrote or edited the text (user ids): four eyes, none of them may approve it.
    writer_ids = models.JSONField(default=list, blank=True)
    taken_down_at = models.DateTimeField(null=True, blank=True)
    takedown_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["office", "current_step", "current_since"], name="news_desk_queue"),
            models.Index(fields=["office", "published_at"], name="news_published"),
            models.Index(fields=["office", "finished_at"], name="news_finished"),
            models.Index(fields=["office", "urgent_published_at"], name="news_urgent"),
            # Covers the board's per-step counts, so they never read the table.
            models.Index(fields=["office", "current_step", "sop_version", "created_by"], name="news_board_counts"),
        ]
        verbose_name = _("news item")

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.current_step is None


class Revision(models.Model):
    """Every save of an item's text. A stale save is kept as a conflict, never lost."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Draft")
        EDIT = "edit", _("Edit")
        CORRECTION = "correction", _("Correction")
        CONFLICT = "conflict", _("Conflicting save")
        IMPORT = "import", _("Word import")

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    based_on = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    meta = models.JSONField(default=dict, blank=True)
    text_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=500, blank=True)
    step_number = models.PositiveSmallIntegerField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} r{self.number}"


class StepRun(models.Model):
    """One pass of an item through one SOP step: the clock is computed from these rows."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Returned")
        REOPENED = "reopened", _("Reopened by a later edit")

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="step_runs")
    step_number = models.PositiveSmallIntegerField()
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    available_at = models.DateTimeField()
    taken_at = models.DateTimeField(null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acting_as = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reason = models.CharField(max_length=1000, blank=True)
    revision = models.PositiveIntegerField(null=True, blank=True)
    output = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["item", "available_at", "pk"]
        indexes = [
            models.Index(fields=["item", "finished_at"], name="steprun_open"),
            # Covers the monitoring's reads of a period's passes (its per-day fingerprint, the skipped
            # steps): the rows themselves are read only for the days not measured before.
            models.Index(fields=["item", "finished_at", "outcome", "step_number"], name="steprun_monitoring"),
            # The monitoring's per-day fingerprint of finished runs (count and highest id), from the index alone.
            models.Index(fields=["finished_at", "id"], name="steprun_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} step {self.step_number}"


class Approval(models.Model):
    """The softcopy record of a decision at an approval step (the SOP's step 3 output)."""

    class Channel(models.TextChoices):
        DESK = "desk", _("Desk")
        LINK = "link", _("E-mail link")
        REPLY = "reply", _("E-mail reply")

    item = models.ForeignKey(NewsItem, on_delete=models.PROTECT, related_name="approvals")
    step_run = models.OneToOneField(StepRun, on_delete=models.PROTECT, related_name="approval")
    decision = models.CharField(max_length=10)
    reason = models.CharField(max_length=1000, blank=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(max_length=200)
    person_nip = models.CharField(max_length=30, blank=True)
    person_jabatan = models.CharField(max_length=200, blank=True)
    signed_as = models.CharField(max_length=120)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    revision = models.PositiveIntegerField()
    text_hash = models.CharField(max_length=64)
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]
