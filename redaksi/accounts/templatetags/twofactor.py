from django import template

from ..twofactor.devices import has_second_factor as _has_second_factor

register = template.Library()


@register.filter
def has_second_factor(user) -> bool:
    return _has_second_factor(user)
