import re
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# ASCII digits only: `\d` would also take Arabic-Indic and other Unicode digits, and `$`
# would take a trailing newline.
_NIP_RE = re.compile(r"\A([0-9]{8}) ?([0-9]{6}) ?([0-9]) ?([0-9]{3})\Z")


def normalize_nip(value: str) -> str:
    """The NIP as it is printed on letters, "19680411 199303 1 009"; unchanged if it is not one."""
    match = _NIP_RE.match(value.strip())
    return " ".join(match.groups()) if match else value.strip()


@deconstructible
class NipValidator:
    """An NIP: 18 digits, birth date (YYYYMMDD) then the month of appointment (YYYYMM), sex, number."""

    message = _("An NIP has 18 digits, e.g. 19680411 199303 1 009.")
    code = "invalid_nip"

    def __call__(self, value: str) -> None:
        match = _NIP_RE.match(value)
        if match is None:
            raise ValidationError(self.message, code=self.code)
        birth, appointed = match.group(1), match.group(2)
        try:
            date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
            date(int(appointed[:4]), int(appointed[4:]), 1)
        except ValueError:
            raise ValidationError(self.message, code=self.code) from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NipValidator)

    def __hash__(self) -> int:
        return hash(NipValidator)


nip_validator = NipValidator()


class Office(models.Model):
    """The unit that signs its SOPs and runs its own site (Diskominfo, Bagian Humas, an OPD)."""

    slug = models.SlugField(unique=True)
    government = models.CharField(_("government"), max_length=200, blank=True)
    name = models.CharField(_("office name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("office")

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.Model):
    """A role of an office, as a row: relabelling it changes no code and no history."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="roles")
    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="role_code_unique_per_office")]
        verbose_name = _("role")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. `is_staff` marks a system administrator."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    full_name = models.CharField(_("full name"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=21, blank=True, validators=[nip_validator])
    jabatan = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    pangkat = models.CharField(_("rank (pangkat/golongan)"), max_length=100, blank=True)
    roles = models.ManyToManyField(Role, blank=True, related_name="members", verbose_name=_("roles"))

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username


class ActingAppointment(models.Model):
    """A Plt. or Plh. appointment: for a date range the user acts in the role."""

    class Kind(models.TextChoices):
        PLT = "plt", _("Plt. (Pelaksana Tugas)")
        PLH = "plh", _("Plh. (Pelaksana Harian)")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("user"))
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("role"))
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    letter_number = models.CharField(_("letter number"), max_length=120)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_early_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="appointment_range_ordered"
            )
        ]
        verbose_name = _("acting appointment")

    def __str__(self) -> str:
        return f"{self.prefix} {self.role.name}: {self.user}"

    @property
    def prefix(self) -> str:
        return "Plt." if self.kind == self.Kind.PLT else "Plh."

    def covers(self, day: date) -> bool:
        return not self.cancelled and self.starts_on <= day <= self.ends_on


from .session_models import UserSession  # noqa: E402, F401 - login sessions, redaksi/accounts/sessions.py
