from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redaksi.accounts.models import Office
from redaksi.sop.models import Sop


class Judgement(models.TextChoices):
    GOOD = "good", _("Running well")
    POOR = "poor", _("Not running well")


class Round(models.Model):
    """A semester's round of Tabel 7 "Monitoring Pelaksanaan SOP AP" for one SOP.

    Until it is signed the figures are read live from the step runs; signing stores them, with the
    assessor's paraf, and a signed round never changes again.
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=[(1, "I"), (2, "II")])
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    judgement = models.CharField(max_length=4, choices=Judgement.choices, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(max_length=200, blank=True)
    signer_nip = models.CharField(max_length=30, blank=True)
    signer_jabatan = models.CharField(max_length=200, blank=True)
    figures = models.JSONField(default=dict, blank=True)  # the period's figures as they were at signing

    class Meta:
        ordering = ["-year", "-semester", "sop_id"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "year", "semester"], name="monitoring_round_once_per_semester")
        ]

    def __str__(self) -> str:
        return f"{self.sop_id} {self.year}/{self.semester}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class RoundStep(models.Model):
    """One step's line of a round: the suggestion from the data, and what the assessor concluded."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField()
    procedure = models.CharField(max_length=500)
    suggested = models.CharField(max_length=4, choices=Judgement.choices, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    judgement = models.CharField(max_length=4, choices=Judgement.choices, blank=True)
    override_reason = models.CharField(max_length=1000, blank=True)
    note = models.TextField(blank=True)
    action = models.TextField(blank=True)
    figures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="monitoring_round_step_unique")]

    def __str__(self) -> str:
        return f"{self.round_id} step {self.number}"


class Evaluation(models.Model):
    """One filled "Evaluasi Penerapan SOP AP" form: seven Ya/Tidak answers with notes."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="+")
    version_number = models.PositiveIntegerField()
    evaluated_on = models.DateField(_("evaluation date"))
    answers = models.JSONField(default=list)  # seven {"yes": bool, "note": str}, in the form's order
    conclusion = models.TextField(_("conclusion"), blank=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluator_name = models.CharField(max_length=200)
    evaluator_nip = models.CharField(max_length=30, blank=True)
    evaluator_jabatan = models.CharField(max_length=200, blank=True)
    figures = models.JSONField(default=dict, blank=True)  # the data shown beside the questions, as it was
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.sop_id} {self.evaluated_on}"

    @property
    def yes_count(self) -> int:
        return sum(1 for a in self.answers if a.get("yes"))

    @property
    def yes_percent(self) -> int:
        return round(100 * self.yes_count / len(self.answers)) if self.answers else 0


class ExportPdf(models.Model):
    """A PDF of a monitoring document, drawn once by a task from the HTML a request rendered.

    Keyed by the SHA-256 of that HTML: the same figures, signer and language give the same file;
    any change gives other HTML, so another row and a fresh drawing.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64, unique=True)
    html = models.TextField()
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to="monitoring/pdf/", blank=True)
    requested_at = models.DateTimeField()
    drawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class RoundReminder(models.Model):
    """A reminder of a semester's Tabel 7 round sent to one person at one stage: kept so it goes once."""

    class Stage(models.TextChoices):
        DUE = "due", _("Due (last month of the semester)")
        OVERDUE = "overdue", _("Overdue (the semester has ended)")

    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    semester = models.PositiveSmallIntegerField(choices=[(1, "I"), (2, "II")])
    stage = models.CharField(max_length=7, choices=Stage.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sop", "year", "semester", "stage", "user"], name="monitoring_round_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sop_id} {self.year}/{self.semester} {self.stage} → {self.user_id}"
