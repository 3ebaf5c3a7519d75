"""The site scanner found something new: the office's system administrators are told at once."""

from django.urls import reverse

from redaksi.accounts.selectors import administrators_of
from redaksi.notify.messages import Message
from redaksi.notify.services import notify_users

from .events import SiteScanAlert


def alert_site_scan(event: SiteScanAlert) -> None:
    admins = administrators_of(event.office_id)
    values = {"count": event.findings, "pages": event.pages, "severe": event.severe, "path": event.first_path}
    key = "scan.severe" if event.severe else "scan.found"
    notify_users(
        admins,
        kind="security",
        title=Message(f"{key}.title", values),
        body=Message(f"{key}.body", values),
        url=reverse("public_staff:scan"),
    )
