"""What the newsroom's services share: role names for refusals, the open run, starting a step."""

from collections.abc import Callable
from datetime import datetime

from redaksi.accounts.models import Role
from redaksi.core import events
from redaksi.core.actor import Actor

from ..events import StepStarted
from ..models import NewsItem, StepRun
from ..selectors import flow_for, role_by_code


def _role_name(office_id: int) -> Callable[[str], Role]:
    """Names a role of the office, for a refusal (the policy asks only when it refuses)."""
    return lambda code: role_by_code(office_id, code)


def _open_run(item: NewsItem) -> StepRun:
    return StepRun.objects.select_for_update().filter(item=item, finished_at__isnull=True).latest("available_at", "pk")


def _start_step(item: NewsItem, number: int, now: datetime, who: Actor) -> StepRun:
    step = flow_for(item).step(number)
    item.current_step, item.current_since = number, now
    run = StepRun.objects.create(
        item=item, step_number=number, role=role_by_code(item.office_id, step.role), available_at=now
    )
    events.dispatch(StepStarted(item=item, actor=who, run=run, step=step))
    return run
