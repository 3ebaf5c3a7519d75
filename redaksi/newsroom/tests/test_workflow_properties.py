"""Property: no sequence of actions by any users publishes an item that skipped approval and
correction, except through the fast path, which is always recorded."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaksi.audit.models import AuditEntry
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import text_hash
from redaksi.newsroom.services import ItemText, item_publish_urgent, item_save, step_complete
from redaksi.sop.engine import Outcome

from .factories import new_item

pytestmark = pytest.mark.django_db

PEOPLE = ["reporter", "reporter2", "editor", "head", "admin", "sysadmin"]
action = st.tuples(
    st.sampled_from(PEOPLE),
    st.sampled_from(["done", "approve", "reject", "edit", "urgent", "stale"]),
    st.integers(min_value=1, max_value=8),
)


def act(item: NewsItem, staff, who: str, kind: str, step: int) -> None:
    user = staff[who]
    item.refresh_from_db()
    try:
        if kind in ("done", "approve", "reject"):
            step_complete(actor=user, item_id=item.pk, step_number=step, outcome=Outcome(kind),
                          expected_revision=item.revision, reason="alasan")  # fmt: skip
        elif kind == "stale":
            step_complete(actor=user, item_id=item.pk, step_number=step, outcome=Outcome.APPROVE,
                          expected_revision=item.revision - 1)  # fmt: skip
        elif kind == "edit":
            item_save(actor=user, item_id=item.pk, base_revision=item.revision, reason="koreksi",
                      text=ItemText(title=f"{item.title} {step}", lead=item.lead, body=item.body))  # fmt: skip
        else:
            item_publish_urgent(actor=user, item_id=item.pk, reason="serta merta")
    except (NotPermitted, Conflict, ValidationError):
        pass


def assert_publication_was_earned(item: NewsItem) -> None:
    item.refresh_from_db()
    if item.published_at is None:
        return
    if item.urgent_published_at is not None:
        assert AuditEntry.objects.filter(action="newsroom.item.publish_urgent", object_id=str(item.pk)).exists()
        return
    runs = list(item.step_runs.exclude(finished_at=None).order_by("finished_at", "pk"))
    publish = next(r for r in runs if r.step_number == 7 and r.outcome == "done")
    before = runs[: runs.index(publish)]
    approvals = [r for r in before if r.step_number == 3 and r.outcome == "approve"]
    assert approvals, "published without approval"
    last_approval = approvals[-1]
    assert last_approval.revision == publish.revision, "the approval does not cover the published revision"
    corrections = [r for r in before[before.index(last_approval) :] if r.step_number == 6 and r.outcome == "approve"]
    assert corrections, "published without the correction step after the last approval"
    assert item.approved_text_hash == text_hash(
        *item.revisions.filter(number=publish.revision).values_list("title", "lead", "body").get()
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=40))
def test_no_sequence_publishes_without_approval_and_correction(staff, office, actions):
    item = new_item(staff, office)
    for who, kind, step in actions:
        act(item, staff, who, kind, step)
        assert_publication_was_earned(item)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=60))
def test_right_people_in_order_always_finish(staff, office, actions):
    """Interleave noise with the right moves: the item still finishes, and publication is earned."""
    right = {1: "reporter", 2: "editor", 3: "head", 4: "reporter", 5: "admin", 6: "editor", 7: "admin", 8: "admin"}
    item = new_item(staff, office)
    for who, kind, step in actions:
        act(item, staff, who, kind, step)
    for _ in range(40):
        item.refresh_from_db()
        if item.current_step is None:
            break
        n = item.current_step
        act(item, staff, right[n], "approve" if n in (3, 6) else "done", n)
    item.refresh_from_db()
    assert item.current_step is None and item.published_at is not None
    assert_publication_was_earned(item)
