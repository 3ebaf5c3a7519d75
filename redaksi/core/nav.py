"""The staff header's menu. Each app adds its own entries in `AppConfig.ready()`; core knows none of them.

    from redaksi.core.nav import nav_register

    nav_register(label=gettext_lazy("Audit record"), url_name="audit:list", order=70, visible=is_system_admin)

`visible(user)` answers for a signed-in user; entries appear in `order`, lowest first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def everyone(user: Any) -> bool:
    return True


def is_system_admin(user: Any) -> bool:
    return bool(user.is_staff)


@dataclass(frozen=True)
class NavEntry:
    label: Any  # a lazy translation: the label is read in the request's language
    url_name: str
    order: int
    visible: Callable[[Any], bool]
    also: tuple[str, ...] = ()  # more URL names whose pages this entry stands for (the tabs under it)


_entries: list[NavEntry] = []


def nav_register(
    *, label: Any, url_name: str, order: int, visible: Callable[[Any], bool] = everyone, also: tuple[str, ...] = ()
) -> NavEntry:
    """Add an entry to the staff menu; a URL name is registered once (ready() may not run twice).

    `also` names the pages of tabs under the entry: on them the entry is the current one too."""
    if any(e.url_name == url_name for e in _entries):
        raise ValueError(f"the menu already has an entry for {url_name}")
    entry = NavEntry(label=label, url_name=url_name, order=order, visible=visible, also=also)
    _entries.append(entry)
    _entries.sort(key=lambda e: (e.order, e.url_name))
    return entry


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The entries this request's user sees, each with its address and whether it is the current page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for entry in _entries:
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        owned = [url, *(reverse(name) for name in entry.also)]
        match = max((len(u) for u in owned if request.path.startswith(u) and u != "/"), default=0)
        items.append({"label": entry.label, "url": url, "current": bool(match), "depth": match})
    # One entry is current: the galleries (/redaksi/media/galeri/) live under the desk's /redaksi/.
    deepest = max((item["depth"] for item in items if item["current"]), default=0)
    for item in items:
        depth = item.pop("depth")
        item["current"] = item["current"] and depth == deepest
    return items
