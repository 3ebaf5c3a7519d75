"""Photos, their renditions, videos, galleries, and how they hang on news items.

Stored names never come from the user: every file is `<uuid>.<ext>` under a folder of its office.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redaksi.accounts.models import Office
from redaksi.newsroom.models import NewsItem


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Photo(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="photos")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    original = models.FileField(max_length=200)
    # For display only; cleaned, never used to build a path.
    original_filename = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=10)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    captured_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    camera = models.CharField(_("camera"), max_length=120, blank=True)
    had_gps = models.BooleanField(default=False)
    caption = models.TextField(_("caption"), max_length=1000, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    alt_text = models.CharField(_("alt text"), max_length=300, blank=True)
    focal_x = models.FloatField(default=0.5)
    focal_y = models.FloatField(default=0.5)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "sha256"], name="photo_sha256_unique_per_office"),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1), name="photo_focal_in_frame"
            ),
        ]
        verbose_name = _("photo")

    def __str__(self) -> str:
        return self.original_filename or str(self.key)


class Rendition(models.Model):
    """A re-encoded public file of a photo: no metadata survives the re-encoding."""

    class Kind(models.TextChoices):
        WIDTH = "w", _("Width")
        CARD = "card", _("Social card")
        THUMB = "thumb", _("Thumbnail")

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    format = models.CharField(max_length=5)  # avif, webp, jpeg
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(max_length=200)
    size_bytes = models.PositiveIntegerField()

    class Meta:
        ordering = ["photo", "kind", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["photo", "kind", "format", "width"], name="rendition_unique"),
        ]

    def __str__(self) -> str:
        return self.variant

    @property
    def variant(self) -> str:
        ext = "jpg" if self.format == "jpeg" else self.format
        return f"{self.kind}{self.width}.{ext}" if self.kind == self.Kind.WIDTH else f"{self.kind}.{ext}"


class Video(models.Model):
    class Source(models.TextChoices):
        FILE = "file", _("Uploaded file")
        YOUTUBE = "youtube", _("YouTube")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="videos")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=8, choices=Source.choices)
    original = models.FileField(max_length=200, blank=True)
    original_filename = models.CharField(max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    youtube_id = models.CharField(max_length=11, blank=True)
    caption = models.TextField(_("caption"), max_length=1000, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    probe = models.JSONField(default=dict, blank=True)
    duration = models.FloatField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    poster = models.FileField(max_length=200, blank=True)
    web = models.FileField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("video")

    def __str__(self) -> str:
        return self.original_filename or (f"YouTube {self.youtube_id}" if self.youtube_id else str(self.key))

    @property
    def embed_url(self) -> str:
        # The privacy-enhanced domain: no cookies until the reader plays the video.
        return f"https://www.youtube-nocookie.com/embed/{self.youtube_id}" if self.youtube_id else ""


class ItemMedia(models.Model):
    """A photo or a video on a news item, in order; at most one lead photo."""

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="media_links")
    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, null=True, blank=True, related_name="item_links")
    video = models.ForeignKey(Video, on_delete=models.PROTECT, null=True, blank=True, related_name="item_links")
    position = models.PositiveIntegerField(default=0)
    is_lead = models.BooleanField(default=False)
    # A person chose this lead photo ("Make lead photo"): new uploads never take its place.
    lead_chosen = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(photo__isnull=False) & Q(video__isnull=True))
                | (Q(photo__isnull=True) & Q(video__isnull=False)),
                name="itemmedia_photo_xor_video",
            ),
            models.UniqueConstraint(fields=["item", "photo"], name="itemmedia_photo_once"),
            models.UniqueConstraint(fields=["item", "video"], name="itemmedia_video_once"),
            models.UniqueConstraint(fields=["item"], condition=Q(is_lead=True), name="itemmedia_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.photo or self.video}"


class Gallery(models.Model):
    """An ordered photo set ("Galeri Foto"): on a news item, or on its own."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="galleries")
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, null=True, blank=True, related_name="galleries")
    title = models.CharField(_("title"), max_length=200)
    # Only for a gallery on its own: what the public page says about the event.
    description = models.TextField(_("description"), max_length=2000, blank=True)
    event_date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Only for a gallery on its own; a gallery on an item is public with the item.
    published_at = models.DateTimeField(null=True, blank=True)
    photos = models.ManyToManyField(Photo, through="GalleryPhoto", related_name="galleries")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def __str__(self) -> str:
        return self.title


class GalleryPhoto(models.Model):
    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="entries")
    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["gallery", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["gallery", "photo"], name="galleryphoto_once")]

    def __str__(self) -> str:
        return f"{self.gallery_id}#{self.position}"


class ChunkedUpload(models.Model):
    """A large file arriving in pieces; the bytes live in a temporary file until it is complete."""

    class State(models.TextChoices):
        OPEN = "open", _("Uploading")
        DONE = "done", _("Complete")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField()
    offset = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=5, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.key)
