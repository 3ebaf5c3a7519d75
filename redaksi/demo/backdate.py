"""Move what the demo's actions wrote to the past moments they stand for.

The demo runs every action through the real services, at real time, one after the other. Each
action is a window of real time; afterwards every timestamp our apps wrote inside a window is set
to the window's moment in the past, as if the clock had stood still at that moment while the
action ran. The record, the step runs and the office clock then agree with each other.

The audit chain hashes each entry's time, so the entries from the first moved one on are signed
again, in order, with the same key: demo data is made before anyone relies on its record.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from redaksi.audit.chain import entry_digest, hashed_fields
from redaksi.audit.models import AuditEntry, AuditHead


@dataclass(frozen=True)
class Window:
    """An action that ran from `start` to `end` (real time) and stands for `moment`."""

    start: datetime
    end: datetime
    moment: datetime


def backdate(windows: list[Window]) -> int:
    """Set every timestamp written inside a window to that window's moment; returns the values moved."""
    if not windows:
        return 0
    windows = sorted(windows, key=lambda w: w.start)
    starts = [w.start for w in windows]

    def moved(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        i = bisect_right(starts, value) - 1
        return windows[i].moment if i >= 0 and value <= windows[i].end else None

    count = 0
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()  # no one appends meanwhile
        # The first entry the demo wrote, found while the entries still carry their real time.
        first = AuditEntry.objects.filter(created_at__gte=windows[0].start).order_by("seq").first()
        for model in _our_models():
            for name in _datetime_fields(model):
                rows = model._base_manager.filter(**{f"{name}__range": (windows[0].start, windows[-1].end)})
                changed = []
                for row in rows.only("pk", name):
                    value = moved(getattr(row, name))
                    if value is not None:
                        setattr(row, name, value)
                        changed.append(row)
                model._base_manager.bulk_update(changed, [name], batch_size=500)
                count += len(changed)
        if head is not None and first is not None:
            _resign_chain(head, from_seq=first.seq, prev_hash=first.prev_hash)
    return count


def _our_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("redaksi.")]


def _datetime_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]


def _resign_chain(head: AuditHead, *, from_seq: int, prev_hash: str) -> None:
    """Sign the entries again from the first one the demo wrote, so the chain verifies."""
    for entry in AuditEntry.objects.filter(seq__gte=from_seq).order_by("seq"):
        entry.prev_hash = prev_hash
        entry.hash = entry_digest(settings.AUDIT_HMAC_KEY, _fields(entry))
        entry.save(update_fields=["prev_hash", "hash"])
        prev_hash = entry.hash
    head.hash = prev_hash
    head.save(update_fields=["hash"])


def _fields(entry: AuditEntry) -> dict:
    return hashed_fields(
        seq=entry.seq,
        created_at=entry.created_at,
        actor_id=entry.actor_id,
        actor_name=entry.actor_name,
        acting_role=entry.acting_role,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        data=entry.data,
        ip=entry.ip,
        prev_hash=entry.prev_hash,
    )
