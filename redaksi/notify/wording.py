"""The words of a decision, taken from the SOP itself: what its "yes" is (the decision step's own
activity) and where its "no" returns the item (the step it names, and that step's role). The pages,
the mail and the approval sheet say these, so an SOP that approves material or returns a "no" to the
writer is not told "approve for upload" or "return to the editor"."""

from dataclasses import dataclass

from redaksi.accounts.models import Role
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import flow_for
from redaksi.sop.engine import Step


@dataclass(frozen=True)
class DecisionWords:
    step: Step  # the decision: "yes" is its activity
    returns_to: Step | None  # the step its "no" returns the item to
    returns_to_role: str  # the office's name for that step's role

    @property
    def yes(self) -> str:
        return self.step.activity


def decision_words(item: NewsItem, step_number: int) -> DecisionWords:
    flow = flow_for(item)
    step = flow.step(step_number)
    back = flow.step(step.on_reject) if step.on_reject is not None else None
    role = ""
    if back is not None:
        found = Role.objects.filter(office_id=item.office_id, code=back.role).first()
        role = found.name if found is not None else back.role
    return DecisionWords(step=step, returns_to=back, returns_to_role=role)
