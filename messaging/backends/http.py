"""A generic HTTP gateway: one JSON POST per message to ``settings.SMS_URL`` with ``SMS_TOKEN`` as a bearer token.

Request: ``{"to": "+358401234567", "from": "Joutsa", "text": "…", "reference": "<idempotency key>"}``.
A 2xx answer accepts the message; its JSON ``id`` (or ``message_id``) is the gateway's id, reported back to
``messaging:delivery_status`` with the delivery status. Any other answer, or no connection, is a refusal
(``GatewayError``: the task tries again later); a read timeout leaves it unknown whether the gateway took the
message (``GatewayUncertain``: not sent again automatically).
"""

import requests
from django.conf import settings
from urllib3.exceptions import MaxRetryError, NewConnectionError

from . import BaseSmsBackend, GatewayError, GatewayUncertain, OutgoingText


class SmsBackend(BaseSmsBackend):
    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = url or settings.SMS_URL
        self.token = token if token is not None else settings.SMS_TOKEN
        self.timeout = timeout or settings.SMS_TIMEOUT
        if not self.url:
            raise GatewayError("SMS_URL is not set")

    def send(self, message: OutgoingText) -> str:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = {"to": message.to, "from": message.sender, "text": message.body, "reference": message.reference}
        try:
            response = requests.post(self.url, json=payload, headers=headers, timeout=self.timeout)
        except requests.ConnectTimeout as error:
            raise GatewayError(f"no connection to the gateway: {error.__class__.__name__}") from error
        except (requests.ReadTimeout, requests.exceptions.ChunkedEncodingError) as error:
            raise GatewayUncertain(f"the gateway did not answer in time: {error.__class__.__name__}") from error
        except requests.ConnectionError as error:
            if _not_connected(error):
                raise GatewayError(f"no connection to the gateway: {error.__class__.__name__}") from error
            raise GatewayUncertain(f"the connection broke: {error.__class__.__name__}") from error
        except requests.RequestException as error:
            raise GatewayError(f"the request failed: {error.__class__.__name__}") from error
        if not 200 <= response.status_code < 300:
            raise GatewayError(f"the gateway answered {response.status_code}: {response.text[:200]}")
        try:
            data = response.json()
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return str(data.get("id") or data.get("message_id") or "")[:100]


def _not_connected(error: requests.ConnectionError) -> bool:
    """True when the request never reached the gateway (refused, no such host); a connection that broke after the
    request was written may have delivered it."""
    cause = error.args[0] if error.args else None
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    return isinstance(cause, NewConnectionError)
