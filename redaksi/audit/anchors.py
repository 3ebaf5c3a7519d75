"""Anchors: the chain's head written, now and then, outside the database, so a rollback cannot go unseen.

Someone who can rewrite the database can delete the newest entries and move the head back, or empty both
tables, and the chain alone still verifies. So `audit_anchor` (a periodic job) appends the head's sequence and
hash, sealed with the audit key (which lives outside the database), to an append-only file
(REDAKSI_AUDIT_ANCHOR_FILE) and to the log, which journald keeps apart. `audit_verify` then checks that every
anchor still names an entry of the chain with the same hash.
"""

import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from .chain import Break, canonical_json
from .models import AuditEntry, AuditHead

log = logging.getLogger("redaksi.audit.anchor")
RESTORED_HINT = "if an older backup was restored on purpose, move the anchor file aside (docs/operasi.md, 'Memulihkan')"


def anchor_file() -> Path:
    return Path(settings.REDAKSI_AUDIT_ANCHOR_FILE)


def seal(key: str, at: str, seq: int, digest: str) -> str:
    message = canonical_json({"at": at, "hash": digest, "seq": seq}).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def anchors() -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, anchor) for each line of the file; None for a line that is not an anchor."""
    path = anchor_file()
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                anchor = json.loads(line)
            except ValueError:
                anchor = None
            if not (isinstance(anchor, dict) and {"at", "seq", "hash", "seal"} <= anchor.keys()):
                anchor = None
            yield number, anchor


def anchor_write(*, now: datetime | None = None) -> dict[str, Any] | None:
    """Append the head as an anchor, unless the newest anchor names it already. Returns what was written."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.seq == 0:
        return None
    last = None
    for _number, anchor in anchors():
        last = anchor or last
    if last is not None and (last["seq"], last["hash"]) == (head.seq, head.hash):
        return None
    at = (now or timezone.now()).isoformat(timespec="seconds")
    anchor = {"at": at, "seq": head.seq, "hash": head.hash}
    anchor["seal"] = seal(settings.AUDIT_HMAC_KEY, at, head.seq, head.hash)
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (json.dumps(anchor, sort_keys=True) + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    log.info("audit anchor seq=%s hash=%s at=%s seal=%s", head.seq, head.hash, at, anchor["seal"])
    return anchor


def anchor_breaks(*, key: str | None = None) -> Iterator[Break]:
    """Every anchor the chain no longer matches: entries removed, the record replaced, or a forged anchor."""
    key = key or settings.AUDIT_HMAC_KEY
    for number, anchor in anchors():
        if anchor is None:
            yield Break(0, f"anchor line {number} of {anchor_file()} is not an anchor")
            continue
        if not hmac.compare_digest(seal(key, anchor["at"], anchor["seq"], anchor["hash"]), str(anchor["seal"])):
            yield Break(anchor["seq"], f"the anchor of {anchor['at']} is not sealed with this install's audit key")
            continue
        entry = AuditEntry.objects.filter(seq=anchor["seq"]).only("hash").first()
        if entry is None:
            yield Break(
                anchor["seq"],
                f"the anchor of {anchor['at']} saw this entry, which the record no longer has: entries were "
                f"removed or the record was replaced ({RESTORED_HINT})",
            )
        elif entry.hash != anchor["hash"]:
            yield Break(
                anchor["seq"],
                f"the anchor of {anchor['at']} saw this entry with another hash: the record was rewritten "
                f"({RESTORED_HINT})",
            )


def last_anchor() -> dict[str, Any] | None:
    last = None
    for _number, anchor in anchors():
        last = anchor or last
    return last
