"""A logging filter that masks anything shaped like a Finnish national id (DESIGN.md: never in logs)."""

import logging
import re

NATIONAL_ID_RE = re.compile(r"\b(\d{6})[-+A-FU-Y](\d{3}[0-9A-Y])\b", re.IGNORECASE)


def redact(text: str) -> str:
    return NATIONAL_ID_RE.sub(r"\1-****", text)


class RedactNationalIds(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call must not break the request
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
