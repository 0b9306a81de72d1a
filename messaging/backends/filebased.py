"""Each text message written to a file of its own under ``settings.SMS_FILE_PATH`` (a demo or a test machine)."""

import json
import uuid
from pathlib import Path

from django.conf import settings

from . import BaseSmsBackend, OutgoingText


class SmsBackend(BaseSmsBackend):
    def send(self, message: OutgoingText) -> str:
        directory = Path(settings.SMS_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        gateway_id = f"file-{uuid.uuid4().hex[:12]}"
        (directory / f"{gateway_id}.json").write_text(
            json.dumps({"id": gateway_id, "to": message.to, "from": message.sender, "reference": message.reference,
                        "body": message.body}, ensure_ascii=False, indent=1), encoding="utf-8")
        return gateway_id
