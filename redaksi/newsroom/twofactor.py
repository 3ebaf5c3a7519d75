"""Who approves must log in with a second factor (accounts/twofactor/required.py asks this)."""

from redaksi.accounts.models import User
from redaksi.accounts.selectors import user_capacities
from redaksi.sop.models import SopVersion

from .selectors import _flow_for_version
from .steps import handler_of


def performs_an_approval(user: User) -> bool:
    """True when a role the user acts in today (their own, or as Plt./Plh.) performs an approve-kind step of an
    SOP version in force of that role's office."""
    roles = {(c.role.office_id, c.role.code) for c in user_capacities(user)}
    if not roles:
        return False
    newest: dict[int, tuple[int, int]] = {}
    versions = SopVersion.objects.filter(sop__office_id__in={office for office, _ in roles})
    for pk, sop_id, office_id in versions.order_by("number").values_list("pk", "sop_id", "sop__office_id"):
        newest[sop_id] = (pk, office_id)
    for pk, office_id in newest.values():
        flow = _flow_for_version(pk)
        if any((office_id, s.role) in roles for s in flow.steps if handler_of(s).approves):
            return True
    return False
