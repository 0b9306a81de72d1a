"""The embedded default: every text message printed to standard output, clearly labelled, never sent."""

import sys
import threading
import uuid

from . import BaseSmsBackend, OutgoingText

_lock = threading.Lock()


class SmsBackend(BaseSmsBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, message: OutgoingText) -> str:
        gateway_id = f"console-{uuid.uuid4().hex[:12]}"
        with _lock:
            self.stream.write(
                "----- TEXT MESSAGE (console backend: not sent) -----\n"
                f"To: {message.to}\nFrom: {message.sender}\nReference: {message.reference}\nId: {gateway_id}\n\n"
                f"{message.body}\n"
                "----- END OF TEXT MESSAGE -----\n"
            )
            self.stream.flush()
        return gateway_id
