"""A known week of the Bengkalis SOP, on a frozen office clock, with durations chosen so that every
median, p90 and share is known in advance (the figures are worked out in test_figures.py).

Monday 23 to Wednesday 25 November 2026 (working days, 07:30-16:00 WIB); "now" is Thursday 26 at 09:50.
"""

from datetime import datetime, timedelta

import time_machine

from redaksi.core.clock import WIB
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.services import item_publish_urgent, step_complete
from redaksi.newsroom.tests.factories import ROLE_OF_STEP, new_item
from redaksi.sop.engine import Outcome

NOW = datetime(2026, 11, 26, 9, 50, tzinfo=WIB)

# Per item: (start, [(step, minutes, outcome)]); "R" returns the item at a decision step.
PLAN = {
    "A": (datetime(2026, 11, 23, 8, 0, tzinfo=WIB), [
        (1, 30, "D"), (2, 10, "D"), (3, 5, "R"), (2, 5, "D"), (3, 10, "D"), (4, 5, "D"), (5, 10, "D"),
        (6, 10, "D"), (7, 5, "D"), (8, 10, "D")]),
    "B": (datetime(2026, 11, 24, 8, 0, tzinfo=WIB), [
        (1, 50, "D"), (2, 20, "D"), (3, 15, "D"), (4, 10, "D"), (5, 15, "D"), (6, 20, "R"), (5, 5, "D"),
        (6, 5, "D"), (7, 10, "D"), (8, 25, "D")]),
    "C": (datetime(2026, 11, 25, 8, 0, tzinfo=WIB), [(1, 70, "D"), (2, 25, "D"), (3, 20, "D")]),
    "E": (datetime(2026, 11, 25, 13, 0, tzinfo=WIB), [(1, 60, "D"), (2, 20, "D")]),
    "D": (datetime(2026, 11, 26, 8, 0, tzinfo=WIB), [(1, 90, "D"), (2, 15, "D")]),
}  # fmt: skip


def complete(item: NewsItem, staff, step: int, outcome: str) -> None:
    item.refresh_from_db()
    decision = step in (3, 6)
    step_complete(
        actor=staff[ROLE_OF_STEP[step]],
        item_id=item.pk,
        step_number=step,
        outcome=(Outcome.REJECT if outcome == "R" else Outcome.APPROVE) if decision else Outcome.DONE,
        expected_revision=item.revision,
        reason="Perlu diperbaiki." if outcome == "R" else "",
        output={"links": [f"https://www.facebook.com/diskominfotik/posts/{item.pk}"]} if step == 8 else None,
    )


def build_history(staff) -> dict[str, NewsItem]:
    """The five items; E is published by the urgent path at 14:25 on Wednesday, while it waits at step 3."""
    items = {}
    for name, (start, moves) in PLAN.items():
        with time_machine.travel(start, tick=False) as clock:
            items[name] = item = new_item(staff, staff["reporter"].office, title=f"Berita {name}")
            for step, minutes, outcome in moves:
                clock.shift(timedelta(minutes=minutes))
                complete(item, staff, step, outcome)
            if name == "E":
                clock.shift(timedelta(minutes=5))
                item_publish_urgent(actor=staff["head"], item_id=item.pk, reason="Informasi serta merta.")
        item.refresh_from_db()
    return items
