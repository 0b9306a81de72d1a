"""Tests: the messages are kept in ``outbox`` (a list of ``OutgoingText``), nothing is sent."""

import itertools

from . import BaseSmsBackend, OutgoingText

outbox: list[OutgoingText] = []
_ids = itertools.count(1)


class SmsBackend(BaseSmsBackend):
    def send(self, message: OutgoingText) -> str:
        outbox.append(message)
        return f"locmem-{next(_ids)}"
