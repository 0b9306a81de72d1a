"""The access log's keyed hash chain and its signed checkpoints: pure functions (the model, the writer, the
verifier and the migrations use them).

Each row's ``hash`` is ``SHA-256(prev_hash ␟ field ␟ … ␟ seal)`` where ``seal = HMAC-SHA256(key, field ␟ …)``. The
seal is never stored, and the key (``ACCESS_LOG_HMAC_KEY``) lives outside the database: whoever can write the
table but does not hold the key cannot compute a row's hash, so removing a row and rebuilding the chain after it
no longer gives a chain that verifies. The key itself never goes to the database either.

Rows are written unchained with a keyed MAC of their fields (``pending_mac``) and chained in batches afterwards
(``access_log.seal``), so that concurrent readers do not queue behind one chain head.

A chain cannot show that its newest rows were cut off; a checkpoint can: ``checkpoint_access_log`` (daily, Celery
beat) writes the head (last id, its hash, the number of rows) signed with the same key to a file outside the
table (``ACCESS_LOG_CHECKPOINT_DIR``) and to the application log; ``verify_access_log`` checks the table against
the latest one.
"""

import hashlib
import hmac
import json

from django.conf import settings

SEPARATOR = "\x1f"
GENESIS = "0" * 64


def hashed_fields(row) -> list[str]:
    """The fields a row's hash covers after ``prev_hash``, as text (any object with the log's attributes)."""
    return [
        row.at.isoformat(),
        str(row.user_id or ""),
        row.username,
        str(row.client_id or ""),
        row.action,
        row.what,
        row.path,
        row.ip or "",
    ]


def _key(key=None) -> bytes:
    return (key if key is not None else settings.ACCESS_LOG_HMAC_KEY).encode()


def seal(fields: list[str], key=None) -> str:
    return hmac.new(_key(key), SEPARATOR.join(fields).encode(), hashlib.sha256).hexdigest()


def pending_mac(fields: list[str], key=None) -> str:
    """A row's MAC between its writing and its sealing (``access_log.seal``), stored in the row: an HMAC of the fields
    under another label than the seal, so that it does not give away the seal a rebuilt chain would need."""
    return hmac.new(_key(key), SEPARATOR.join(["pending", *fields]).encode(), hashlib.sha256).hexdigest()


def tail(fields: list[str], key=None) -> str:
    """What the hash covers after ``prev_hash``: ``␟ field ␟ … ␟ seal`` (the database prepends the last hash)."""
    return "".join(SEPARATOR + part for part in [*fields, seal(fields, key)])


def link_hash(prev_hash: str, fields: list[str], key=None) -> str:
    return hashlib.sha256((prev_hash + tail(fields, key)).encode()).hexdigest()


def unkeyed_hash(prev_hash: str, fields: list[str]) -> str:
    """The chain before it was keyed (rows written before migration core 0004, which re-keyed them)."""
    return hashlib.sha256(SEPARATOR.join([prev_hash, *fields]).encode()).hexdigest()


# --- Checkpoints ---------------------------------------------------------------------------------------------


def sign(payload: dict, key=None) -> str:
    return hmac.new(_key(key), json.dumps(payload, sort_keys=True).encode(), hashlib.sha256).hexdigest()


def signed_line(payload: dict) -> str:
    """One checkpoint as a line of JSON: the payload and its signature."""
    return json.dumps({**payload, "signature": sign(payload)}, sort_keys=True)


def read_line(line: str) -> tuple[dict | None, bool]:
    """(payload, signature valid) of one checkpoint line; (None, False) when it is not a checkpoint at all."""
    try:
        data = json.loads(line)
        signature = data.pop("signature")
    except (ValueError, KeyError, AttributeError, TypeError):
        return None, False
    return data, isinstance(signature, str) and hmac.compare_digest(signature, sign(data))
