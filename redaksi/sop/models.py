from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redaksi.accounts.models import Office, Role


class Sop(models.Model):
    """A procedure of an office, across its versions."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="sops")
    code = models.SlugField(_("code"), max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="sop_code_unique_per_office")]
        verbose_name = _("SOP")

    def __str__(self) -> str:
        latest = self.versions.order_by("-number").first()
        return latest.name if latest else self.code

    def latest_version(self) -> "SopVersion | None":
        return self.versions.order_by("-number").first()


class SopVersion(models.Model):
    """One loaded definition. Never rewritten: a changed file becomes the next version."""

    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(max_length=64)
    source = models.TextField(_("definition file"))
    source_name = models.CharField(max_length=200, blank=True)
    definition = models.JSONField()
    name = models.CharField(_("SOP name"), max_length=300)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sop", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "number"], name="sop_version_number_unique"),
            models.UniqueConstraint(fields=["sop", "content_hash"], name="sop_version_content_unique"),
        ]
        verbose_name = _("SOP version")

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    @property
    def identity(self) -> dict:
        return self.definition["identity"]

    @property
    def total_minutes(self) -> int:
        return sum(step["minutes"] for step in self.definition["steps"])


class SopPerformer(models.Model):
    """A Pelaksana column of a version, in document order, tied to the office's role row."""

    version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="performers")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "role"], name="sop_performer_unique")]


class SopStep(models.Model):
    """A flowchart row, kept as a row so the desk can group and count by step."""

    version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="steps")
    number = models.PositiveSmallIntegerField(_("No"))
    activity = models.CharField(_("activity"), max_length=500)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+", verbose_name=_("performer"))
    symbol = models.CharField(max_length=20)
    kind = models.CharField(max_length=100)  # "upload+publish" when a step has several kinds
    minutes = models.PositiveIntegerField(_("time standard (minutes)"))
    output = models.CharField(_("output"), max_length=500)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="sop_step_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.activity}"


class SopPdf(models.Model):
    """A version's official document drawn as a PDF, once, by a task.

    Keyed by the SHA-256 of the HTML it is drawn from: a relabelled role or another language
    gives other HTML, so another row and a fresh drawing; the same HTML is never drawn twice.
    """

    version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=10)
    fingerprint = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="sop/pdf/", blank=True)
    requested_at = models.DateTimeField()
    drawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.version} PDF ({self.language})"


class SopDraft(models.Model):
    """The revision of an SOP being written in the staff screens: one per SOP, saved as it is typed.

    `data` is the definition file as a mapping (what `sop_check` reads), kept as typed even while it does
    not yet validate; publishing loads it as a file, so the editor and `sop_load` make the same versions.
    `origins` names, for each step, the step number of the base version it came from (None when added).
    """

    sop = models.OneToOneField(Sop, on_delete=models.CASCADE, related_name="draft")
    base = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()
    origins = models.JSONField(default=list)
    findings = models.JSONField(default=list)  # [{"source": ..., "text": ..., "at": iso, "by": name}]
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("SOP draft")

    def __str__(self) -> str:
        return f"{self.sop} (draft)"
