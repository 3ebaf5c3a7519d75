"""What every media write checks: the actor may compose the item at its current step."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.accounts.selectors import Capacity, person_of
from redaksi.newsroom import policy
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import flow_for, role_by_code


class TooLarge(ValidationError):
    """A size limit was passed; the view answers 413."""


def composer_capacity(actor: User, item: NewsItem) -> Capacity:
    """Mirror of the newsroom's text rule: the role of the current step, at a writing or composing step."""
    role_name = lambda code: role_by_code(item.office_id, code)  # noqa: E731 - asked only to word a refusal
    decision = policy.may_attach_media(person_of(actor), item, flow_for(item), role_name)
    return decision.enforce()


def clean_text(value: str, *, limit: int, field: str, label: str, multiline: bool = False) -> str:
    value = value or ""
    if "\x00" in value:
        raise ValidationError({field: _("The text contains a NUL character, which is not allowed.")})
    value = value.strip() if multiline else " ".join(value.split())
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s is longer than %(n)s characters.") % {"label": label, "n": limit}})
    return value
