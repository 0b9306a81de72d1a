from django import template

from obligation_employment.selectors import process_enabled

register = template.Library()


@register.simple_tag
def obligation_process_on() -> bool:
    """Whether the administrator has the obligation-employment process on. Read by the page frame itself,
    so the "switched off" notice never depends on a view remembering to pass a flag (every step form once
    showed it while the process was on)."""
    return process_enabled()
