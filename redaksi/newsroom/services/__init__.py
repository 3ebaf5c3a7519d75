"""Writes to news items: the text, its revisions, and every move through the SOP.

Every function here is atomic, checks the actor against the SOP definition of the item's own
version, and writes its record entry in the same transaction. Only these functions change an
item's step.
"""

from ..policy import urgent_roles
from .flow import step_complete, step_take
from .publication import item_publish_urgent, item_schedule, item_takedown
from .text import BODY_MAX, LEAD_MAX, TITLE_MAX, ItemText, SaveResult, item_create, item_save

__all__ = [
    "BODY_MAX",
    "LEAD_MAX",
    "TITLE_MAX",
    "ItemText",
    "SaveResult",
    "item_create",
    "item_publish_urgent",
    "item_save",
    "item_schedule",
    "item_takedown",
    "step_complete",
    "step_take",
    "urgent_roles",
]
