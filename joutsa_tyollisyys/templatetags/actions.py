"""Ask first and undo (issue 19): the template side of ``joutsa_tyollisyys.confirm`` and ``.undo``."""

from django import template
from django.utils.html import format_html

from joutsa_tyollisyys import confirm, undo

register = template.Library()


@register.simple_tag
def confirm_attrs(key):
    """The attributes of a one-button form whose action asks first: ``<form … {% confirm_attrs "key" %}>``."""
    action = confirm.action(key)
    return format_html(' data-confirm="{}" data-confirm-yes="{}"', action.question, action.yes)


@register.inclusion_tag("includes/undo_form.html", takes_context=True)
def undo_form(context, message):
    """The "Kumoa" button of a success message that offers one (nothing otherwise)."""
    request = context.get("request")
    return {"token": undo.token_of(message), "csrf_token": context.get("csrf_token"),
            "next": request.get_full_path() if request else "", "minutes": undo.UNDO_MINUTES}
