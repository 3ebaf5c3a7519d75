from django import template

from ..formatting import duration_text, percent_text
from ..tabel7 import judgement_label, reasons_text

register = template.Library()


@register.filter
def duration(seconds):
    return duration_text(seconds)


@register.filter
def pct(value):
    return percent_text(value)


@register.filter
def reasons(value):
    return reasons_text(value or [])


@register.filter
def judgement(value):
    return judgement_label(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
