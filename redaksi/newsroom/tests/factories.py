"""Helpers that move items through the Bengkalis SOP the way the desk does."""

from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.services import ItemText, item_create, step_complete
from redaksi.sop.engine import Outcome

ROLE_OF_STEP = {1: "reporter", 2: "editor", 3: "head", 4: "reporter", 5: "admin", 6: "editor", 7: "admin", 8: "admin"}


def new_item(staff, office, title: str = "Bupati Resmikan Jembatan Desa", **kw) -> NewsItem:
    text = ItemText(title=title, lead=kw.pop("lead", "Lead berita."), body=kw.pop("body", "<p>Isi berita.</p>"), **kw)
    return item_create(actor=staff["reporter"], office=office, text=text)


def advance(item: NewsItem, staff, to_step: int) -> NewsItem:
    """Complete steps, approving decisions, until the item waits at `to_step` (None: finished)."""
    item.refresh_from_db()
    while item.current_step is not None and item.current_step != to_step:
        n = item.current_step
        decision = n in (3, 6)
        step_complete(
            actor=staff[ROLE_OF_STEP[n]],
            item_id=item.pk,
            step_number=n,
            outcome=Outcome.APPROVE if decision else Outcome.DONE,
            expected_revision=item.revision,
            # Step 8 (share) is done only with the address of a post.
            output={"links": [f"https://www.facebook.com/diskominfotik/posts/{item.pk}"]} if n == 8 else None,
        )
        item.refresh_from_db()
    return item
