from django import template
from django.utils.translation import gettext as _

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
