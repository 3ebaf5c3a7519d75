from django import template
from django.utils.translation import gettext as _

from redaksi.core.nav import nav_items

register = template.Library()


@register.filter
def minutes(seconds: int | None) -> str:
    """A span of office time for people: "45 min", "2 h 05 min". Office days vary, so no days."""
    if seconds is None:
        return "—"
    total = round(seconds / 60)
    hours, mins = divmod(total, 60)
    if hours == 0:
        return _("%(m)s min") % {"m": mins}
    return _("%(h)s h %(m)02d min") % {"h": hours, "m": mins}


@register.simple_tag(takes_context=True)
def staff_nav(context) -> list[dict]:
    """The staff menu for the request's user, from the entries the apps registered."""
    request = context.get("request")
    return nav_items(request) if request is not None else []
