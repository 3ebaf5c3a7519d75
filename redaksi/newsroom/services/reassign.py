"""What a new SOP version in force does to the items in progress under an earlier one.

An item keeps the version it started under (its steps, returns and time standards, and so its history
and reports); who performs its steps follows the version in force (`engine.under`, read by
`selectors.flow_for`). Here, as the new version is loaded, the open step of every such item is handed to
its new performer, on record, so that no item in progress waits for a role that no longer does its step.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.sop.events import SopVersionLoaded

from ..events import StepReassigned
from ..models import NewsItem
from ..selectors import flow_for, role_by_code
from .common import _open_run


def on_sop_version_loaded(event: SopVersionLoaded) -> None:
    """Inside the loading transaction: move the open step runs of older versions' items to their new role."""
    version = event.version
    if event.previous is None:
        return
    items = (
        NewsItem.objects.select_for_update(of=("self",))
        .filter(sop_version__sop_id=version.sop_id, current_step__isnull=False)
        .exclude(sop_version=version)
        .select_related("sop_version")
        .order_by("pk")
    )
    in_force: dict[int, int] = {}
    for item in items:
        step = flow_for(item, in_force).step(item.current_step)
        run = _open_run(item)
        before = run.role
        if before.code == step.role and not step.retired:
            continue
        if before.code != step.role:
            run.role = role_by_code(item.office_id, step.role)
            run.save(update_fields=["role"])
        with translation.override(settings.LANGUAGE_CODE):  # the record speaks the office's language
            if step.retired:
                reason = _("Step %(n)s is no longer in SOP version %(v)s; its coordinating role finishes it.")
            else:
                reason = _("SOP version %(v)s gives step %(n)s to another role.")
            reason = reason % {"n": step.number, "v": version.number}
        audit_log(
            action="sop.step.reassign",
            obj=item,
            data={
                "step": step.number,
                "item_version": item.sop_version.number,
                "version_in_force": version.number,
                "from_role": before.code,
                "to_role": step.role,
                "retired": step.retired,
                "step_in_force": step.number_in_force,
                "step_run": run.pk,
                "reason": reason,
            },
        )
        if before.code != step.role:
            moved = StepReassigned(
                item=item, actor=event.actor, run=run, step=step, previous_role=before, version_number=version.number
            )
            events.dispatch(moved)
