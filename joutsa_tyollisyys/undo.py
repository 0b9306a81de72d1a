"""Undo ("Kumoa", issue 19): a reversible destructive action offers to undo itself for a while.

One mechanism for every app. The app registers a service (in its ``services.py`` or ``undo.py``) that
undoes the action::

    @undo.handler("clients.meeting_cancel")
    @transaction.atomic
    def meeting_cancel_undo(*, actor, pk, state) -> str:   # checks role, ownership and "nothing changed"
        ...                                                 # audited like every change; returns the message

and the view offers it in the success message: ``undo.offer(request, _("Meeting cancelled."),
kind="clients.meeting_cancel", pk=meeting.pk, state=meeting.version)``. The message carries a small POST form
to ``core:undo`` with a signed token (kind, object, state, user): the token cannot be forged or used by another
user, and it is refused after ``UNDO_MINUTES``; the service refuses when the object has changed since.
"""

from django.contrib import messages
from django.core import signing
from django.utils.module_loading import autodiscover_modules

UNDO_MINUTES = 15
TAG = "undo:"
SALT = "joutsa_tyollisyys.undo"
_handlers: dict = {}
_discovered = []


class TooLate(Exception):
    pass


def handler(kind: str):
    """Register the service that undoes ``kind``: called as ``service(actor=, pk=, state=)``, returns a message."""

    def register(service):
        _handlers[kind] = service
        return service

    return register


def token(*, kind: str, pk, state, user) -> str:
    return signing.dumps({"k": kind, "pk": pk, "s": state, "u": user.pk}, salt=SALT, compress=True)


def offer(request, message, *, kind: str, pk, state=None):
    """A success message with a "Kumoa" button for ``UNDO_MINUTES``."""
    messages.success(request, message, extra_tags=TAG + token(kind=kind, pk=pk, state=state, user=request.user))


def token_of(message) -> str:
    tags = getattr(message, "extra_tags", "") or ""
    return tags[len(TAG):] if tags.startswith(TAG) else ""


def run(*, actor, signed: str) -> str:
    """Undo what ``signed`` names. Raises ``TooLate``, ``signing.BadSignature``, ``PermissionDenied`` (another
    user's token, or no right to the object any more), ``ValidationError`` (changed since) or ``LookupError``."""
    from django.core.exceptions import PermissionDenied

    try:
        payload = signing.loads(signed, salt=SALT, max_age=UNDO_MINUTES * 60)
    except signing.SignatureExpired as error:
        raise TooLate from error
    if payload.get("u") != actor.pk:
        raise PermissionDenied
    if not _discovered:  # each app's services (or undo) module registers its handlers when imported
        autodiscover_modules("services", "undo")
        _discovered.append(True)
    service = _handlers.get(payload.get("k"))
    if service is None:
        raise LookupError(payload.get("k"))
    return service(actor=actor, pk=payload["pk"], state=payload.get("s"))
