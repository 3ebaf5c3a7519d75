"""What the public site keeps for itself: where each item was rendered, the search index, read counts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from redaksi.accounts.models import Office
from redaksi.newsroom.models import NewsItem


class SiteProfile(models.Model):
    """The parts of an office's public identity that the Office row does not hold."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="public_profile")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    about = models.TextField(_("about the office"), blank=True)
    ppid_url = models.URLField(_("PPID address"), blank=True)
    # The site's main colour (#rrggbb, checked for contrast by colour.clean); shades are derived from it.
    brand_colour = models.CharField(_("main colour"), max_length=7, default="#0b3d6e")
    # The masthead logo, re-encoded as PNG by Pillow (never the uploaded bytes); at most LOGO_MAX_SIDE a side.
    logo_png = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_width = models.PositiveIntegerField(default=0, editable=False)
    logo_height = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public site profile")

    def __str__(self) -> str:
        return str(self.office)


class RenderedItem(models.Model):
    """Where an item stood when it was last rendered: the listings it was on must be redrawn when it moves."""

    item = models.OneToOneField(NewsItem, on_delete=models.CASCADE, primary_key=True, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    published_at = models.DateTimeField()
    category_id = models.BigIntegerField(null=True)
    tag_ids = models.JSONField(default=list)
    live = models.BooleanField(default=True)
    # Keys (hex) of the photos and videos whose files the item put under /media/: removed when it goes.
    media_keys = models.JSONField(default=list)
    rendered_at = models.DateTimeField(auto_now=True)


class RenderedGallery(models.Model):
    """A gallery of its own as the site last showed it: its page, and the media files it put out."""

    gallery = models.OneToOneField("media.Gallery", on_delete=models.CASCADE, primary_key=True, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    published_at = models.DateTimeField(null=True)
    media_keys = models.JSONField(default=list)
    live = models.BooleanField(default=True)
    rendered_at = models.DateTimeField(auto_now=True)


class SearchEntry(models.Model):
    """The text of a published item as the search reads it; full-text indexes are added per database."""

    item = models.OneToOneField(NewsItem, on_delete=models.CASCADE, primary_key=True, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()
    title = models.CharField(max_length=300)
    text = models.TextField()
    # Indonesian stems of title and text (stemming.index_text), written with them; the SQLite index reads it.
    stems = models.TextField(default="")


class ItemViews(models.Model):
    """Read counts flushed from the cache; never written per view."""

    item = models.OneToOneField(NewsItem, on_delete=models.CASCADE, primary_key=True, related_name="+")
    total = models.PositiveBigIntegerField(default=0)
    # Place in "Berita Terpopuler", set by the periodic ranking; null when not ranked.
    popular_rank = models.PositiveSmallIntegerField(null=True, db_index=True)


class DailyViews(models.Model):
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "day"], name="public_daily_views_unique")]
        indexes = [models.Index(fields=["day"], name="public_daily_views_day")]


class ScanFinding(models.Model):
    """What the site scanner found on one page or file of the public folder (public/scan.py)."""

    class Kind(models.TextChoices):
        GAMBLING = "gambling", _("gambling words")
        HIDDEN_LINK = "hidden_link", _("hidden link")
        EXTERNAL_LINK = "external_link", _("link to an unlisted domain")
        SCRIPT = "script", _("script the templates never write")
        IFRAME = "iframe", _("frame the templates never write")
        UNEXPECTED_FILE = "unexpected_file", _("file the renderer did not write")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=300)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    present = models.BooleanField(default=True)  # still there at the last scan of its page
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by_name = models.CharField(max_length=200, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "path", "kind", "detail"], name="public_scanfinding_unique")
        ]
        indexes = [models.Index(fields=["office", "present", "reviewed_at"])]
