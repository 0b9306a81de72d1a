"""Redaction of log lines (docs/design.md: national ids never in logs). One function for the application's log, the
development server's request log (``django.server``) and gunicorn's access log (``server.RedactingLogger``)."""

import logging
import re

NATIONAL_ID_RE = re.compile(r"\b(\d{6})[-+A-FU-Y](\d{3}[0-9A-Y])\b", re.IGNORECASE)
# A meeting calendar's address carries the worker's secret token: /clients/calendar/<token>.ics
CALENDAR_TOKEN_RE = re.compile(r"(/calendar/)[^/?#\s\"]+(\.ics)")
# Search words are names or national ids (also URL-encoded, e.g. 010100%2B123A): the value is never written.
SEARCH_VALUE_RE = re.compile(r"([?&](?:q|search|name|national_id|token)=)[^&#\s\"]*", re.IGNORECASE)


def redact(text: str) -> str:
    text = NATIONAL_ID_RE.sub(r"\1-****", text)
    text = CALENDAR_TOKEN_RE.sub(r"\1****\2", text)
    return SEARCH_VALUE_RE.sub(r"\1****", text)


class RedactNationalIds(logging.Filter):
    """National ids, calendar tokens and search words out of every line (the message with its arguments)."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call must not break the request
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
