"""The site scanner at work: pages just rendered, and the whole public folder once a day.

A finding is kept per page, kind and detail; one no longer on its page stops being `present`. New
findings are announced (`SiteScanAlert`) so the administrators hear at once; the page itself is never
held back or changed (an article about a ban on gambling publishes like any other).
"""

import logging
import os
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from redaksi.accounts.models import Office
from redaksi.audit.services import audit_log
from redaksi.core import events

from . import scan, site
from .events import SiteScanAlert
from .models import ScanFinding
from .render import files

log = logging.getLogger(__name__)
MAX_PAGE_BYTES = 5 * 1024 * 1024


def own_hosts() -> tuple[str, ...]:
    hosts = {urlsplit(site.base_url()).hostname or ""}
    hosts |= {h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")}
    return tuple(sorted(h.lower() for h in hosts if h))


def link_hosts() -> tuple[str, ...]:
    return scan.DEFAULT_LINK_HOSTS + tuple(getattr(settings, "REDAKSI_SCAN_LINK_HOSTS", ()))


def findings_of(rel: str) -> list[scan.Finding]:
    odd = scan.unexpected_file(rel)
    if odd is not None:
        return [odd]
    if not rel.endswith(".html"):
        return []
    path = files.root() / rel
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PAGE_BYTES)
    except (FileNotFoundError, IsADirectoryError):
        return []
    return scan.scan_html(data.decode("utf-8", "replace"), own_hosts=own_hosts(), link_hosts=link_hosts())


def scan_pages(office: Office, rels: Iterable[str], *, whole_site: bool = False) -> list[ScanFinding]:
    """Scan these files of the office's public folder; return the findings that are new."""
    now = timezone.now()
    rels = sorted(set(rels))
    found = {rel: findings_of(rel) for rel in rels}
    new: list[ScanFinding] = []
    with transaction.atomic():
        known = ScanFinding.objects.filter(office=office)
        if not whole_site:
            known = known.filter(path__in=rels)
        rows = {(f.path, f.kind, f.detail): f for f in known.select_for_update()}
        seen = set()
        for rel, findings in found.items():
            for finding in findings:
                key = (rel[:500], finding.kind, finding.detail[:300])
                seen.add(key)
                row = rows.get(key)
                if row is None:
                    new.append(ScanFinding(office=office, path=key[0], kind=key[1], detail=key[2], first_seen=now))
                elif not row.present:
                    row.present = True
                    row.reviewed_at = None  # it came back: a person looks again
                    row.save(update_fields=["present", "reviewed_at"])
        for row in new:
            row.last_seen = now
        ScanFinding.objects.bulk_create(new)
        ScanFinding.objects.filter(pk__in=[r.pk for k, r in rows.items() if k in seen]).update(last_seen=now)
        ScanFinding.objects.filter(pk__in=[r.pk for k, r in rows.items() if k not in seen]).update(present=False)
        if new:
            _announce(office, new)
    return new


def _announce(office: Office, new: list[ScanFinding]) -> None:
    severe = [f for f in new if scan.Finding(f.kind, f.detail).severe]
    pages = sorted({f.path for f in new})
    audit_log(
        action="public.scan.found",
        obj=office,
        data={"findings": len(new), "severe": len(severe), "pages": pages[:20]},
    )
    log.warning(
        "site scan: %d new findings (%d severe) on %d pages of office %s", len(new), len(severe), len(pages), office.pk
    )
    events.dispatch(
        SiteScanAlert(office_id=office.pk, findings=len(new), pages=len(pages), severe=len(severe), first_path=pages[0])
    )


def scan_written(rels: Iterable[str]) -> list[ScanFinding]:
    """After a render: the pages it wrote. A scanner fault is logged and never undoes the publication."""
    office = site.site_office()
    if office is None:
        return []
    try:
        return scan_pages(office, [r for r in rels if r.endswith(".html")])
    except Exception:
        log.exception("site scan after render failed")
        return []


def scan_site() -> list[ScanFinding]:
    """Every file of the public folder (daily)."""
    office = site.site_office()
    if office is None:
        return []
    root = str(files.root())
    rels = []
    for folder, _dirs, names in os.walk(root):
        rel_folder = folder[len(root) + 1 :]
        rels += [f"{rel_folder}/{name}" if rel_folder else name for name in names]
    return scan_pages(office, rels, whole_site=True)
