"""Property: no sequence of actions by any users publishes an item that skipped approval and
correction, except through the fast path, which is always recorded.

Random actions by random people almost never move an item (each needs the right person, at the
right step, choosing a possible outcome), so the strategy mixes them, half and half, with "the proper move": the
role of the item's current step, at that step, with its usual outcome, and with attempts at the
urgent path by its roles. Sequences then reach publication, by the steps and by the urgent path,
and the tests check that some did.
"""

from collections import Counter

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

from .factories import ROLE_OF_STEP, new_item

pytestmark = pytest.mark.django_db

PEOPLE = ["reporter", "reporter2", "editor", "head", "admin", "sysadmin"]
DECISIONS = (3, 6)
PROPER = "proper"  # the person, the step and the outcome that move the item on
CURRENT = 0  # the item's current step

noise = st.tuples(
    st.sampled_from(PEOPLE),
    st.sampled_from(["done", "approve", "reject", "edit", "urgent", "stale"]),
    st.one_of(st.just(CURRENT), st.integers(min_value=1, max_value=8)),
)
proper = st.just((PROPER, PROPER, CURRENT))
urgent = st.tuples(st.sampled_from(["head", "admin"]), st.just("urgent"), st.just(CURRENT))
# Half proper moves, an attempt at urgent publication one time in sixteen, the rest anything.
action = st.integers(min_value=0, max_value=15).flatmap(lambda n: proper if n < 8 else urgent if n == 15 else noise)


def act(item: NewsItem, staff, who: str, kind: str, step: int) -> bool:
    """Try one action; False when it was refused. A proper move is never refused."""
    item.refresh_from_db()
    if item.current_step is None:
        return False
    step = step or item.current_step
    proper = who == PROPER and kind == PROPER and step == item.current_step
    who = ROLE_OF_STEP[item.current_step] if who == PROPER else who
    kind = ("approve" if step in DECISIONS else "done") if kind == PROPER else kind
    user = staff[who]
    try:
        if kind in ("done", "approve", "reject"):
            step_complete(actor=user, item_id=item.pk, step_number=step, outcome=Outcome(kind),
                          expected_revision=item.revision, reason="alasan",
                          output={"links": [f"https://www.facebook.com/diskominfotik/posts/{item.pk}"]})  # fmt: skip
        elif kind == "stale":
            step_complete(actor=user, item_id=item.pk, step_number=step, outcome=Outcome.APPROVE,
                          expected_revision=item.revision - 1)  # fmt: skip
        elif kind == "edit":
            item_save(actor=user, item_id=item.pk, base_revision=item.revision, reason="koreksi",
                      text=ItemText(title=f"{item.title} {step}", lead=item.lead, body=item.body))  # fmt: skip
        else:
            item_publish_urgent(actor=user, item_id=item.pk, reason="serta merta")
    except (NotPermitted, Conflict, ValidationError) as exc:
        assert not proper, f"the proper move at step {step} was refused: {exc}"
        return False
    return True


def assert_publication_was_earned(item: NewsItem) -> set[str]:
    """How the item got on the website ("steps", "urgent", both, or neither); fails if it was not earned."""
    item.refresh_from_db()
    runs = list(item.step_runs.exclude(finished_at=None).order_by("finished_at", "pk"))
    publish = next((r for r in runs if r.step_number == 7 and r.outcome == "done"), None)
    if item.published_at is None:
        assert publish is None, "the publish step completed, but the item is not published"
        return set()
    how = set()
    if item.urgent_published_at is not None:
        assert AuditEntry.objects.filter(action="newsroom.item.publish_urgent", object_id=str(item.pk)).exists()
        how.add("urgent")
    if publish is None:
        assert how, "published without the publish step and not urgently"
        return how
    # Published by the steps (also after an urgent publication): approval, then correction, of this text.
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
    return how | {"steps"}


def test_no_sequence_publishes_without_approval_and_correction(staff, office):
    seen = Counter()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(actions=st.lists(action, min_size=10, max_size=60))
    def run(actions):
        item = new_item(staff, office)
        how = set()
        for who, kind, step in actions:
            act(item, staff, who, kind, step)
            how = assert_publication_was_earned(item)
        seen.update((how or {"unpublished"}) | ({"steps only"} if how == {"steps"} else set()))

    run()
    # The property was tested on published items, by both paths, not only on items that never got out.
    assert seen["steps only"] > 0 and seen["urgent"] > 0, seen


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=60))
def test_right_people_in_order_always_finish(staff, office, actions):
    """Interleave noise with the right moves: the item still finishes, and publication is earned."""
    item = new_item(staff, office)
    for who, kind, step in actions:
        act(item, staff, who, kind, step)
    for _ in range(40):
        item.refresh_from_db()
        if item.current_step is None:
            break
        assert act(item, staff, PROPER, PROPER, CURRENT)
    item.refresh_from_db()
    assert item.current_step is None and item.published_at is not None
    assert assert_publication_was_earned(item)
