"""The desk ("Meja Redaksi"): parse input, call one service, render."""

from .common import item_url
from .desk import board, desk
from .history import compare, preview
from .item import item_detail, publish_urgent, schedule, step_action, step_take, takedown
from .text import item_create, item_edit, item_import

__all__ = [
    "board",
    "compare",
    "desk",
    "item_create",
    "item_detail",
    "item_edit",
    "item_import",
    "item_url",
    "preview",
    "publish_urgent",
    "schedule",
    "step_action",
    "step_take",
    "takedown",
]
