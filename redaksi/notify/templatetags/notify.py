"""`{% approval_links item as links %}`: the item's live approval links for its page on the desk.

Used by `notify/_item_links.html`, which the item page includes with `item` and `request` in its
context. The token is never shown (only its hash is kept anyway): who, when made, until when.
"""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse

from redaksi.newsroom.models import NewsItem

from ..approvals import approval_step, live_links, may_revoke_links

register = template.Library()


@dataclass(frozen=True)
class LinkRow:
    name: str
    role: str
    created_at: object
    expires_at: object
    revision: int


@dataclass(frozen=True)
class ItemLinks:
    rows: list[LinkRow] = field(default_factory=list)
    can_revoke: bool = False
    revoke_url: str = ""
    waiting: bool = False  # the item waits at its approval step

    @property
    def show(self) -> bool:
        return bool(self.rows) or (self.waiting and self.can_revoke)


@register.simple_tag(takes_context=True)
def approval_links(context, item: NewsItem) -> ItemLinks:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(item, NewsItem) or user is None or not user.is_authenticated:
        return ItemLinks()
    rows = [
        LinkRow(
            name=row.user.get_full_name() or row.user.get_username(),
            role=row.step_run.role.name,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revision=row.revision,
        )
        for row in live_links(item).order_by("created_at", "pk")
    ]
    step = approval_step(item)
    return ItemLinks(
        rows=rows,
        can_revoke=may_revoke_links(user, item),
        revoke_url=reverse("notify:links_revoke", args=[item.pk]),
        waiting=step is not None and item.current_step == step.number,
    )
