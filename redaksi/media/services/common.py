"""What every media write checks: the actor may compose the item at its current step."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.accounts.selectors import Capacity
from redaksi.core.errors import NotPermitted
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import capacity_in, flow_for, role_by_code

# The SOP steps at which photos and videos are gathered (1) and composed with the text (4).
MEDIA_STEP_KINDS = frozenset({"write", "compose"})


class TooLarge(ValidationError):
    """A size limit was passed; the view answers 413."""


def composer_capacity(actor: User, item: NewsItem) -> Capacity:
    """Mirror of the newsroom's text rule: the role of the current step, at a writing or composing step."""
    if actor.office_id != item.office_id:
        raise NotPermitted(_("This item belongs to another office."))
    if item.is_finished:
        raise NotPermitted(_("This item has completed the SOP; its photos and videos can no longer be changed."))
    flow = flow_for(item)
    step = flow.step(item.current_step)
    capacity = capacity_in(actor, item.office_id, step.role)
    if step.kind not in MEDIA_STEP_KINDS:
        raise NotPermitted(
            _("Photos and videos are added at the writing and composing steps; this item is at step %(n)s.")
            % {"n": step.number}
        )
    if capacity is None:
        raise NotPermitted(
            _("Photos and videos of this item are handled by %(role)s at this step.")
            % {"role": role_by_code(item.office_id, step.role)}
        )
    if step.number == flow.first.number and item.created_by_id != actor.pk:
        raise NotPermitted(_("This draft belongs to another writer."))
    return capacity


def clean_text(value: str, *, limit: int, field: str, label: str, multiline: bool = False) -> str:
    value = value or ""
    if "\x00" in value:
        raise ValidationError({field: _("The text contains a NUL character, which is not allowed.")})
    value = value.strip() if multiline else " ".join(value.split())
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s is longer than %(n)s characters.") % {"label": label, "n": limit}})
    return value
