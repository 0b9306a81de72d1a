"""Ask first and undo (issue 19): the template side of ``joutsa_tyollisyys.confirm`` and ``.undo``."""

from django import template
from django.utils.html import format_html

from joutsa_tyollisyys import confirm, undo

register = template.Library()


@register.simple_tag
def confirm_attrs(key, details=""):
    """The attributes of a one-button form whose action asks first: ``<form … {% confirm_attrs "key" %}>``;
    ``details`` (e.g. the meeting's time) is shown under the question."""
    action = confirm.action(key)
    return format_html(' data-confirm="{}" data-confirm-yes="{}" data-confirm-details="{}"',
                       action.question, action.yes, details)


@register.inclusion_tag("includes/undo_form.html", takes_context=True)
def undo_form(context, message):
    """The "Kumoa" button of a success message that offers one (nothing otherwise)."""
    request = context.get("request")
    return {"token": undo.token_of(message), "csrf_token": context.get("csrf_token"),
            "next": request.get_full_path() if request else "", "minutes": undo.UNDO_MINUTES}
