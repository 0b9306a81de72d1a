"""Queueing and cancelling text messages (DESIGN.md: role check, validation, trail, transaction).

A message is a row first; the send task (``tasks.send_text_message``) is queued when the transaction commits, so
nothing is sent for a change that was rolled back. The row's ``key`` makes queueing idempotent: a second call with
the same key returns the first row and queues nothing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from joutsa_tyollisyys import phones
from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.services import require

from . import length
from .enums import CANCELLABLE, TextMessageStatus
from .models import TextMessage

#: The access log's code for a text message handed to the gateway (the client's phone number and the text).
LOGGED_AS = "text message"


def queue_text_message(*, actor, client, body: str, purpose: str, key: str, phone: str | None = None) -> TextMessage:
    """Queue one text message to ``client`` (to ``phone``, or the client's own number). Raises PermissionDenied
    unless ``actor`` may contact the client, ValidationError (a Finnish message) when the client has refused text
    messages, the number is not a mobile number or the text is empty or too long. Idempotent by ``key``."""
    require(actor, "messaging.send_text_message", client)
    return _queue(actor=actor, client=client, body=body, purpose=purpose, key=key, phone=phone)


def queue_system_text_message(*, client, body: str, purpose: str, key: str, phone: str | None = None):
    """The same for a message the system sends on its own (meeting reminders, by Celery beat): no actor."""
    return _queue(actor=None, client=client, body=body, purpose=purpose, key=key, phone=phone)


def check_text_message(*, client, body: str, phone: str | None = None) -> str:
    """Validate a message before queueing it (also for a preview of a whole round): the E.164 number, or
    ValidationError."""
    if client.text_messages_refused:
        raise ValidationError(_("%(name)s has refused text messages.") % {"name": client.full_name},
                              code="refused")
    number = client.phone if phone is None else phone
    try:
        e164 = phones.mobile_e164(number)
    except ValidationError as error:
        if not (number or "").strip():
            raise ValidationError({"phone": [_("%(name)s has no phone number.") % {"name": client.full_name}]},
                                  code="no_phone") from None
        raise ValidationError({"phone": error.messages}, code=error.code) from None
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write the text of the message.")]}, code="empty")
    parts, most = length.parts(body), settings.SMS_MAX_PARTS
    if parts > most:
        raise ValidationError({"body": [
            _("The message is too long: it would be sent as %(parts)d text messages, at most %(most)d are allowed. "
              "Shorten it.") % {"parts": parts, "most": most}]}, code="too_long")
    return e164


@transaction.atomic
def _queue(*, actor, client, body, purpose, key, phone):
    key = (key or "").strip()
    if not key:
        raise ValueError("A text message needs an idempotency key")
    existing = TextMessage.objects.filter(key=key).first()
    if existing is not None:
        if existing.client_id != client.pk:
            raise ValueError(f"The key {key!r} belongs to another client's message")
        return existing
    client = Client.objects.get(pk=client.pk)  # the consent as it is now, not as the caller read it
    e164 = check_text_message(client=client, body=body, phone=phone)
    message = TextMessage(client=client, phone=e164, body=body.strip(), purpose=purpose, key=key, created_by=actor)
    message.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # the same key queued meanwhile by another request
        return TextMessage.objects.get(key=key)
    log_access(user=actor, client_id=client.pk, action="export", what=LOGGED_AS, path="")
    from .tasks import send_text_message_later

    transaction.on_commit(lambda: send_text_message_later(message.pk))
    return message


@transaction.atomic
def cancel_text_message(*, actor, message: TextMessage) -> TextMessage:
    """Cancel a message that has not gone to the gateway yet (ValidationError once it has)."""
    require(actor, "messaging.send_text_message", message.client)
    now = timezone.now()
    cancelled = TextMessage.objects.filter(pk=message.pk, status__in=CANCELLABLE).update(
        status=TextMessageStatus.CANCELLED, cancelled_by=actor, status_at=now)
    message.refresh_from_db()
    if not cancelled:
        raise ValidationError(
            _("The message can no longer be cancelled: it is %(status)s.")
            % {"status": message.get_status_display().lower()}, code="not_cancellable")
    return message
