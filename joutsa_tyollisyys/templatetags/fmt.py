from django import template
from django.utils import timezone

from joutsa_tyollisyys.formatting import format_date, format_decimal, format_euro

register = template.Library()


@register.filter
def euro(value):
    return format_euro(value)


@register.filter
def decimal2(value):
    return format_decimal(value, 2)


@register.filter
def fidate(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return format_date(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
