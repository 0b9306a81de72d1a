"""Writing and verifying the access log (docs/design.md: every read of personal data appends a row).

The rows form a keyed hash chain (``access_log_chain``): each row holds the hash of the row before it
(``prev_hash``) and its own hash over that, its fields and their seal (an HMAC with a key outside the database).
``prev_hash`` is unique, so the chain cannot fork: of two writers that read the same last row, one appends and the
other's insert conflicts; it reads the new last row and tries again. Signed checkpoints of the chain's head, kept
outside the table, show when the newest rows were removed.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import access_log_chain as chain
from .models import AccessLogEntry
from .proxy import client_ip

GENESIS = chain.GENESIS
CHECKPOINT_FILE = "access-log-checkpoints.jsonl"
checkpoint_logger = logging.getLogger("joutsa_tyollisyys.access_log.checkpoint")
_ATTEMPTS = 50  # a conflict means another row was appended meanwhile; each retry sees a newer last row
_FIELDS = ["at", "user_id", "username", "client_id", "action", "what", "path", "ip"]


class AccessLogBusy(RuntimeError):
    """The log could not be appended to (a conflict on every attempt)."""


def _entry(request, user, client_id, action, what, path):
    user = user or getattr(request, "user", None)
    return AccessLogEntry(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        client_id=client_id,
        action=action,
        what=str(what)[:200],
        path=(path if path is not None else (request.path if request else ""))[:300],
        ip=client_ip(request),
    )


def log_access(*, request=None, user=None, client=None, client_id=None, action="view", what="", path=None):
    """Append one row, in one SQL statement: the database chains it to the last row (see the module)."""
    if client is not None:
        client_id = client.pk
    if not connection.features.can_return_columns_from_insert:
        return log_access_many(request=request, user=user, client_ids=[client_id], action=action, what=what,
                               path=path)[0]
    entry = _entry(request, user, client_id, action, what, path)
    sql, params = _chained_insert(entry)
    for _attempt in range(_ATTEMPTS):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is not None:
            entry.pk, entry.prev_hash, entry.hash = row
            entry._state.adding, entry._state.db = False, connection.alias
            return entry
    raise AccessLogBusy("The access log is busy: the row was not written.")


def _chained_insert(entry):
    """INSERT … VALUES (…, last hash, hash(last hash + fields)) ON CONFLICT (prev_hash) DO NOTHING RETURNING."""
    quote, meta = connection.ops.quote_name, AccessLogEntry._meta
    table = quote(meta.db_table)
    last = (f"COALESCE((SELECT {quote('hash')} FROM {table} ORDER BY {quote('id')} DESC LIMIT 1), %s)")
    if connection.vendor == "postgresql":
        chained_hash = f"ENCODE(SHA256(CONVERT_TO({last} || %s, 'UTF8')), 'hex')"
    else:  # SQLite: Django registers SHA256() on its connections
        chained_hash = f"SHA256({last} || %s)"
    columns = ", ".join(quote(meta.get_field(name).column) for name in [*_FIELDS, "prev_hash", "hash"])
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_FIELDS))}, {last}, {chained_hash}) "
        f"ON CONFLICT ({quote('prev_hash')}) DO NOTHING "
        f"RETURNING {quote('id')}, {quote('prev_hash')}, {quote('hash')}"
    )
    values = [meta.get_field(name).get_db_prep_save(getattr(entry, name), connection) for name in _FIELDS]
    # AccessLogEntry.compute_hash hashes "prev_hash ␟ field ␟ … ␟ seal": the part after prev_hash here (the seal is
    # computed here with the key; the key itself is never sent to the database).
    return sql, [*values, GENESIS, GENESIS, chain.tail(entry.hashed_fields())]


def log_access_many(*, request=None, user=None, client_ids, action="view", what="", path=None):
    """Append one row per client (a list page or an export showing many people): one read, one insert."""
    entries = [_entry(request, user, client_id, action, what, path) for client_id in client_ids]
    for _attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                previous = _last_hash()
                for entry in entries:
                    entry.prev_hash = previous
                    entry.hash = previous = entry.compute_hash()
                AccessLogEntry.objects.bulk_create(entries)  # in order: ids follow the chain
        except IntegrityError:  # another writer appended after our read: read again
            for entry in entries:
                entry.pk = None
            continue
        return entries
    raise AccessLogBusy("The access log is busy: the rows were not written.")


def _last_hash():
    return AccessLogEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS


@dataclass
class Verification:
    count: int  # rows checked
    broken: int | None = None  # the first entry whose link does not verify
    problem: str = ""  # what is wrong, for the administrator ("" when the log is intact)
    checkpoint: dict | None = None  # the latest checkpoint the table was compared with


def verify_chain():
    """Return (rows checked, first broken entry id or None)."""
    result = verify()
    return result.count, result.broken


def verify(checkpoint_line: str | None = None) -> Verification:
    """Walk the chain in id order and compare it with the latest signed checkpoint, or with ``checkpoint_line`` (a
    checkpoint copied from the application log, when the file is gone or in doubt)."""
    checkpoint, checkpoint_problem = latest_checkpoint() if checkpoint_line is None else _given(checkpoint_line)
    prev, count, at_head = GENESIS, 0, (0, GENESIS, 0)  # (id, hash, rows) up to the checkpoint's head
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if entry.prev_hash != prev or entry.compute_hash() != entry.hash:
            return Verification(count, entry.pk, f"Access log chain broken at entry {entry.pk} (checked {count} rows).")
        prev = entry.hash
        if checkpoint and entry.pk <= checkpoint["id"]:
            at_head = (entry.pk, entry.hash, count)
    if checkpoint_problem:
        return Verification(count, None, checkpoint_problem, checkpoint)
    if checkpoint and at_head != (checkpoint["id"], checkpoint["hash"], checkpoint["count"]):
        return Verification(count, None, (
            f"Access log rows were removed: the checkpoint of {checkpoint['at']} recorded {checkpoint['count']} rows "
            f"up to entry {checkpoint['id']}; the table has {at_head[2]} up to entry {at_head[0]}."), checkpoint)
    return Verification(count, None, "", checkpoint)


# --- Checkpoints: the chain's head, signed, outside the table ---------------------------------------------------


def _checkpoint_path() -> Path:
    return Path(settings.ACCESS_LOG_CHECKPOINT_DIR) / CHECKPOINT_FILE


def write_checkpoint() -> dict:
    """Append the chain's head (last id, its hash, the number of rows) signed with the key to the checkpoint file
    and write it to the application log. Call it daily (Celery beat) or by hand: ``checkpoint_access_log``."""
    # Rows appended meanwhile have larger ids: the count up to the head's id is the head's own.
    head = AccessLogEntry.objects.order_by("-id").values("id", "hash").first() or {"id": 0, "hash": GENESIS}
    count = AccessLogEntry.objects.filter(id__lte=head["id"]).count()
    payload = {"id": head["id"], "hash": head["hash"], "count": count, "at": timezone.now().isoformat()}
    line = chain.signed_line(payload)
    path = _checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(line + "\n")
    checkpoint_logger.info("access log checkpoint %s", line)
    return payload


def _given(line: str) -> tuple[dict | None, str]:
    payload, valid = chain.read_line(line.strip())
    if payload is None or not valid:
        return None, "The checkpoint given is not signed with the access log's key."
    return payload, ""


def latest_checkpoint() -> tuple[dict | None, str]:
    """(the newest checkpoint whose signature verifies, a problem found in the file or "")."""
    path = _checkpoint_path()
    if not path.exists():
        return None, ""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return None, ""
    payload, valid = chain.read_line(lines[-1])
    if payload is None or not valid:
        return None, f"The access log's latest checkpoint in {path} is not signed with the access log's key."
    return payload, ""
