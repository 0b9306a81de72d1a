"""Small helpers shared by the apps' views (thin views: forms in, service calls, redirect)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from .roles import has_role


def role_required(*roles):
    """View decorator: logged in (else to login) and holding one of ``roles`` (else 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def refuse_large_requests(max_bytes: int, message: str):
    """View decorator: answer 413 with ``message`` when the declared body is larger than ``max_bytes``,
    before Django reads (and spools to disk) any of it."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if request.method == "POST" and length > max_bytes:
                from django.contrib import messages
                from django.shortcuts import render

                messages.error(request, message)
                return render(request, "core/request_too_large.html", status=413)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def next_or(request, default):
    """The form's ``next`` address when it is one of this site's own (Django's safe-URL check: not ``//host``,
    ``/\\host``, ``https://host`` or ``javascript:``), else ``default``. Every "back to where you were" uses this."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def check_perm(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def add_service_errors(form, error: ValidationError):
    """Put a service's ValidationError beside the fields it names (others at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)
    return form


def saved_value_text(instance, name) -> str:
    """A field's saved value as the pages show it (a choice's label, a date d.m.Y, yes/no, "—" for empty)."""
    from datetime import date

    from django.utils.translation import gettext as _

    from .formatting import format_date

    value = getattr(instance, name)
    display = getattr(instance, f"get_{name}_display", None)
    if value in (None, ""):
        return "—"
    if display is not None:
        return str(display())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def show_saved_values(form, instance):
    """After a refused stale save: beside each field whose sent value differs from what is saved now, the value
    someone else saved meanwhile (the form keeps what this user typed; nothing was overwritten)."""
    from django.utils.translation import gettext as _

    for name, sent in list(getattr(form, "cleaned_data", {}).items()):
        if name == "version" or name not in form.fields or not hasattr(instance, name):
            continue
        if getattr(instance, name) != sent:
            form.add_error(name, _("Saved meanwhile by someone else: %(value)s") % {
                "value": saved_value_text(instance, name)})
    return form


__all__ = ["role_required", "refuse_large_requests", "next_or", "check_perm", "add_service_errors",
           "show_saved_values", "saved_value_text", "NON_FIELD_ERRORS"]
