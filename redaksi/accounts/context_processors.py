from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import user_capacities


def staff_navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    capacities = user_capacities(user)
    items = [
        (_("Desk"), "newsroom:desk"),
        (_("SOP"), "sop:list"),
    ]
    if _may_keep_galleries(user):
        items.append((_("Photo galleries"), "media:gallery_list"))
    if user.is_staff:
        items += [
            (_("Users"), "accounts:user_list"),
            (_("Roles"), "accounts:role_list"),
            (_("Acting officials"), "accounts:appointment_list"),
            (_("Audit record"), "audit:list"),
            (_("Website profile"), "public_staff:profile"),
        ]
    nav = []
    for label, name in items:
        url = reverse(name)
        nav.append({"label": label, "url": url, "current": request.path.startswith(url) and url != "/"})
    return {
        "nav_items": nav,
        "nav_capacities": ", ".join(c.label for c in capacities),
        "nav_office": user.office or "",
    }


def _may_keep_galleries(user) -> bool:
    from redaksi.core.errors import NotPermitted
    from redaksi.media.services.galleries import gallery_capacity

    try:
        gallery_capacity(user)
    except NotPermitted:
        return False
    return True
