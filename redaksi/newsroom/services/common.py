"""What the newsroom's services share: who acts in which capacity, the open run, starting a step."""

from datetime import datetime

from redaksi.accounts.models import User
from redaksi.accounts.selectors import Capacity
from redaksi.core import events
from redaksi.core.actor import Actor

from ..events import StepStarted
from ..models import NewsItem, StepRun
from ..selectors import capacity_in, flow_for, role_by_code


def _capacity(actor: User, item: NewsItem, role_code: str) -> Capacity | None:
    return capacity_in(actor, item.office_id, role_code)


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
