"""The process switch, read by the template that shows it: a page cannot forget to pass it (a missing
value read as "switched off" and told the clerk so on every step form)."""

from django import template

from ..selectors import process_enabled

register = template.Library()


@register.simple_tag
def obligation_process_enabled() -> bool:
    return process_enabled()
