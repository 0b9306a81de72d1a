"""Text-message backends, chosen like Django's e-mail backends: ``settings.SMS_BACKEND`` is a dotted path to a class
with ``send(message) -> gateway id``. The interface is django-sms's (``SMS_BACKEND``, console / file / locmem
backends) narrowed to one message at a time, because the send task records the gateway's id of each message
(django-sms's ``send_messages`` returns only a count)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OutgoingText:
    """What a backend sends: ``reference`` is the message's idempotency key, given to the gateway so that it can
    drop a repeat of a message it has already accepted."""

    to: str  # E.164
    body: str
    reference: str
    sender: str = ""


class GatewayError(Exception):
    """The gateway did not accept the message: it may be sent again."""


class GatewayUncertain(GatewayError):
    """The gateway may or may not have accepted the message (no answer in time): it must not be sent again
    automatically, or the person could get it twice."""


class BaseSmsBackend:
    def send(self, message: OutgoingText) -> str:
        """Send one message; return the gateway's id for it. Raise ``GatewayError`` when the gateway refused it or
        could not be reached, ``GatewayUncertain`` when it is not known whether it was accepted."""
        raise NotImplementedError


def get_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or settings.SMS_BACKEND)()
