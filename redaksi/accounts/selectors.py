from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import ActingAppointment, Role, User


@dataclass(frozen=True)
class Capacity:
    """A role a user acts in today: their own, or as Plt./Plh."""

    role: Role
    acting: str = ""  # "", "Plt." or "Plh."

    @property
    def label(self) -> str:
        return f"{self.acting} {self.role.name}".strip()


@dataclass(frozen=True)
class Person:
    """Who asks a permission question: what the pure policy needs to know of a user, read once."""

    user_id: int | None
    office_id: int | None
    is_staff: bool = False
    is_active: bool = True
    capacities: tuple[Capacity, ...] = ()

    def capacity(self, office_id: int | None, role_code: str) -> Capacity | None:
        for capacity in self.capacities:
            if capacity.role.office_id == office_id and capacity.role.code == role_code:
                return capacity
        return None

    def first_capacity(self, office_id: int | None, role_codes: set[str]) -> Capacity | None:
        """The capacity in the first of these roles (by code) that the person acts in."""
        return next((c for code in sorted(role_codes) if (c := self.capacity(office_id, code))), None)


def person_of(user: User | None, *, on: date | None = None) -> Person:
    if user is None or not user.is_authenticated:
        return Person(user_id=None, office_id=None, is_active=False)
    return Person(
        user_id=user.pk,
        office_id=user.office_id,
        is_staff=user.is_staff,
        is_active=user.is_active,
        capacities=tuple(user_capacities(user, on=on)),
    )


def today() -> date:
    return timezone.localdate()


def appointments_in_force(*, on: date | None = None) -> QuerySet[ActingAppointment]:
    on = on or today()
    return ActingAppointment.objects.filter(cancelled=False, starts_on__lte=on, ends_on__gte=on)


def user_capacities(user: User, *, on: date | None = None) -> list[Capacity]:
    """The roles `user` may act in on `on`: roles they hold, then acting appointments."""
    if not user.is_authenticated or not user.is_active:
        return []
    own = [Capacity(role) for role in user.roles.all()]
    held = {c.role.pk for c in own}
    acting = [
        Capacity(a.role, a.prefix)
        for a in appointments_in_force(on=on).filter(user=user).select_related("role")
        if a.role.pk not in held
    ]
    return own + acting


def capacity_for(user: User, role: Role, *, on: date | None = None) -> Capacity | None:
    for capacity in user_capacities(user, on=on):
        if capacity.role.pk == role.pk:
            return capacity
    return None


def role_holders(role: Role, *, on: date | None = None) -> QuerySet[User]:
    """Everyone who may act in `role` on `on`, the acting officials included."""
    acting_ids = appointments_in_force(on=on).filter(role=role).values("user_id")
    return User.objects.filter(Q(roles=role) | Q(pk__in=acting_ids), is_active=True).distinct()


def overlapping_appointments(
    *, role: Role, starts_on: date, ends_on: date, exclude_pk: int | None = None
) -> QuerySet[ActingAppointment]:
    qs = ActingAppointment.objects.filter(
        role=role, cancelled=False, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).select_related("user")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def administrators_of(office_id: int | None) -> QuerySet[User]:
    """The active system administrators of an office and of the whole installation (no office), who hear
    what concerns the office's security and accounts. None: every active administrator."""
    admins = User.objects.filter(is_staff=True, is_active=True)
    if office_id is None:
        return admins
    return admins.filter(Q(office_id=office_id) | Q(office__isnull=True))
