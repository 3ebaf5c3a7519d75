"""Move what the demo's actions wrote to the past moments they stand for.

The demo runs every action through the real services, at real time, one after the other. Each
action is a window of real time; afterwards every timestamp our apps wrote inside a window is set
to the window's moment in the past, as if the clock had stood still at that moment while the
action ran. The record, the step runs and the office clock then agree with each other.

The audit record is left as written: its entries say truly when the demo made them, and the chain is
append-only (PostgreSQL refuses any UPDATE of it), so no entry is moved or signed again.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import models, transaction


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
    return count


def _our_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("redaksi.") and m._meta.app_label != "audit"]


def _datetime_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
