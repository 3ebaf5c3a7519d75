"""`{% approval_links item as links %}`: the links of the item's latest approval request, for its page.

Used by `notify/_item_links.html`, which the item page includes with `item` and `request` in its
context. The token is never shown (only its hash is kept anyway): who, when made, until when, and
what became of it (live, used, withdrawn and why, expired).
"""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.newsroom.models import NewsItem

from .. import approvals
from ..approvals import approval_step, may_revoke_links
from ..models import ApprovalToken

register = template.Library()


@dataclass(frozen=True)
class LinkRow:
    name: str
    role: str
    created_at: object
    expires_at: object
    revision: int
    live: bool = True
    state: str = ""  # what became of a link that no longer works, in the user's language
    state_at: object = None
    why: str = ""


@dataclass(frozen=True)
class ItemLinks:
    rows: list[LinkRow] = field(default_factory=list)
    can_revoke: bool = False
    revoke_url: str = ""
    waiting: bool = False  # the item waits at its approval step

    @property
    def live(self) -> list[LinkRow]:
        return [row for row in self.rows if row.live]

    @property
    def show(self) -> bool:
        return bool(self.rows) or (self.waiting and self.can_revoke)


def _state(row: ApprovalToken, now) -> tuple[str, object, str]:
    """(what became of the link, when, why); an empty first part while the link works."""
    if row.used_at is not None:
        return _("Used"), row.used_at, _("the decision was made with this link")
    if row.revoked_at is not None:
        why = {
            approvals.DECIDED: _("another approver decided"),
            approvals.DECIDED_ON_DESK: _("decided on the desk"),
            approvals.SUPERSEDED: _("a newer text was sent"),
            approvals.STEP_LEFT: _("the item left the step"),
        }.get(row.revoke_reason, _("withdrawn by hand"))
        return _("Withdrawn"), row.revoked_at, why
    if row.expires_at <= now:
        return _("Expired"), row.expires_at, ""
    return "", None, ""


@register.simple_tag(takes_context=True)
def approval_links(context, item: NewsItem) -> ItemLinks:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(item, NewsItem) or user is None or not user.is_authenticated:
        return ItemLinks()
    now = timezone.now()
    rows = []
    for row in approvals.recent_links(item):
        state, state_at, why = _state(row, now)
        rows.append(
            LinkRow(
                name=row.user.get_full_name() or row.user.get_username(),
                role=row.step_run.role.name,
                created_at=row.created_at,
                expires_at=row.expires_at,
                revision=row.revision,
                live=not state,
                state=state,
                state_at=state_at,
                why=why,
            )
        )
    step = approval_step(item)
    return ItemLinks(
        rows=rows,
        can_revoke=may_revoke_links(user, item),
        revoke_url=reverse("notify:links_revoke", args=[item.pk]),
        waiting=step is not None and item.current_step == step.number,
    )
