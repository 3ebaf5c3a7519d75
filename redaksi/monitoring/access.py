"""Who sees the monitoring: system administrators, and whoever holds a deciding role of an office SOP.

The deciding roles (the SOP's decision steps: Kabag approves, Kasubag corrects) supervise the procedure,
so they are the ones the regulation asks to monitor and evaluate it. Read from the SOP rows, not from
role codes written here: another office's SOP names its own supervisors.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from redaksi.accounts.selectors import user_capacities
from redaksi.sop.models import SopStep


def supervisor_role_ids(office_id: int | None) -> set[int]:
    return set(
        SopStep.objects.filter(version__sop__office_id=office_id, symbol="decision")
        .values_list("role_id", flat=True)
        .distinct()
    )


def may_monitor(user: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    roles = supervisor_role_ids(user.office_id)
    return any(c.role.pk in roles for c in user_capacities(user))


def monitoring_capacity(user: Any) -> str:
    """The capacity the person signs in: their deciding role (with Plt./Plh.), or empty for an administrator."""
    roles = supervisor_role_ids(user.office_id)
    return next((c.label for c in user_capacities(user) if c.role.pk in roles), "")


def require_monitor(user: Any, office_id: int | None = None) -> None:
    """Refuse whoever may not monitor, or (given `office_id`) may not monitor that office."""
    if not may_monitor(user) or (office_id is not None and office_id != user.office_id):
        raise PermissionDenied
