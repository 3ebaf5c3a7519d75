from typing import Any

from django import template

from redaksi.audit.chain import canonical_json

register = template.Library()


@register.filter
def compact_json(value: Any) -> str:
    """The entry's data as one line of JSON; the template escapes it like any other text."""
    return canonical_json(value)
