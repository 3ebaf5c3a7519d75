from django import template

from redaksi.newsroom.models import NewsItem

from ..panel import followup_context, panel_context
from ..selectors import office_accounts

register = template.Library()


@register.inclusion_tag("social/_panel.html", takes_context=True)
def share_panel(context, item: NewsItem, current=None, outcomes=()):
    """Step 8 on the item page: the cards to send while the step is the viewer's, the posts afterwards."""
    can_share = current is not None and "share" in current.kinds and "done" in outcomes
    data = panel_context(context["request"], item, can_share=can_share)
    data["csrf_token"] = context.get("csrf_token")
    saved = any(c["share"].pk for c in data["cards"])
    data.update(followup_context(context["request"], item))
    data["show"] = bool(data["cards"]) and (can_share or saved) or bool(data["followups"])
    return data


@register.simple_tag
def has_social_accounts(item: NewsItem) -> bool:
    return office_accounts(item.office_id).exists()
