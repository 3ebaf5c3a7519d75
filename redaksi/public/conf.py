"""The public site's settings: one dict, `REDAKSI_PUBLIC`, checked at start-up (docs/public-site.md)."""

from collections.abc import Mapping
from typing import Any

from redaksi.core.conf import Options


def _page_size(options: Mapping[str, Any], value: Any) -> str:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return "" if ok else f"must be a positive whole number, not {value!r}"


def _url(options: Mapping[str, Any], value: Any) -> str:
    ok = isinstance(value, str) and (not value or value.startswith(("http://", "https://")))
    return "" if ok else f"must be empty or an http(s) address, not {value!r}"


OPTIONS = Options(
    "REDAKSI_PUBLIC",
    {
        # The address readers use; links in pages, feeds and sitemaps are built on it ("": REDAKSI_BASE_URL).
        "BASE_URL": "",
        # The office whose site this install renders (its slug); "": the first office.
        "OFFICE": "",
        # Items per listing page. Changing it moves every page: run `manage.py public_rebuild` afterwards.
        "PAGE_SIZE": 10,
    },
    {"BASE_URL": _url, "PAGE_SIZE": _page_size},
)
