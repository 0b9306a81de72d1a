"""Writing and verifying the access log (docs/design.md: every read of personal data appends a row).

The rows form a keyed hash chain (``access_log_chain``): each sealed row holds its place in the chain (``seq``), the
hash of the row before it (``prev_hash``) and its own hash over that, its fields and their seal (an HMAC with a key
outside the database). ``prev_hash`` and ``seq`` are unique, so the chain cannot fork.

A read does not wait for the chain (issue 24): it appends its row unchained, with a keyed MAC of its fields
(``chain.pending_mac``), in one INSERT, so concurrent readers never queue behind the chain's head. ``seal`` chains
the unsealed rows in batches, in id order, under one lock: every minute (Celery beat, ``seal_access_log``), and
before every verification and checkpoint. A row that commits late (an id below the head's) is sealed in the next
batch: ``seq``, not ``id``, is the chain's order, so nothing is skipped. What the batches give up: until a row is
sealed (at most a minute with the beat running) its removal is not detected; its alteration is (the MAC), and from
its sealing on both are, as before. Rows written before batches (``seq`` empty) keep their chain in id order; the
sealed rows continue it. Signed checkpoints of the chain's head, kept outside the table, show when the newest sealed
rows were removed.
"""

import hmac
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
logger = logging.getLogger("joutsa_tyollisyys.access_log")
SEAL_BATCH = 5000  # rows chained in one transaction
_SEAL_LOCK = 0x6A73_6C6F67  # pg_advisory_xact_lock's key: one sealer at a time


def _entry(request, user, client_id, action, what, path):
    user = user or getattr(request, "user", None)
    entry = AccessLogEntry(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        client_id=client_id,
        action=action,
        what=str(what)[:200],
        path=(path if path is not None else (request.path if request else ""))[:300],
        ip=client_ip(request),
    )
    entry.mac = chain.pending_mac(entry.hashed_fields())
    return entry


def log_access(*, request=None, user=None, client=None, client_id=None, action="view", what="", path=None):
    """Append one row, in one INSERT; ``seal`` chains it later (see the module)."""
    if client is not None:
        client_id = client.pk
    entry = _entry(request, user, client_id, action, what, path)
    AccessLogEntry.objects.bulk_create([entry])
    return entry


def log_access_many(*, request=None, user=None, client_ids, action="view", what="", path=None):
    """Append one row per client (a list page or an export showing many people), in one INSERT."""
    entries = [_entry(request, user, client_id, action, what, path) for client_id in client_ids]
    return AccessLogEntry.objects.bulk_create(entries)


# --- Sealing: the unsealed rows chained in batches ---------------------------------------------------------------


@dataclass
class Sealing:
    sealed: int  # rows chained now
    altered: int | None = None  # the first unsealed row whose fields no longer match their MAC (left unsealed)


def _head():
    """(seq, hash) of the chain's last row: the last sealed row, else the last row chained before batches."""
    head = AccessLogEntry.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "hash").first()
    if head is None:
        legacy = (AccessLogEntry.objects.filter(seq__isnull=True, hash__isnull=False).order_by("-id")
                  .values_list("hash", flat=True).first())
        head = (0, legacy or GENESIS)
    return head


def seal(batch=SEAL_BATCH) -> Sealing:
    """Chain every unsealed row to the chain's head in id order, ``batch`` rows a transaction, one sealer at a time.
    Stops at a row whose fields were altered after it was written (its MAC does not match): it and the rows after it
    stay unsealed, and ``verify`` reports it."""
    quote = connection.ops.quote_name
    update = (f"UPDATE {quote(AccessLogEntry._meta.db_table)} SET {quote('seq')} = %s, {quote('prev_hash')} = %s, "  # noqa: S608
              f"{quote('hash')} = %s, {quote('mac')} = '' WHERE {quote('id')} = %s AND {quote('hash')} IS NULL")
    result = Sealing(0)
    conflicts = 0
    while True:
        try:
            rows, links = _seal_batch(update, batch, result)
        except IntegrityError:  # another sealer chained meanwhile (SQLite has no advisory lock): read the head again
            conflicts += 1
            if conflicts > 5:
                raise
            continue
        result.sealed += len(links)
        if result.altered is not None or len(rows) < batch:
            return result


def _seal_batch(update, batch, result):
    """One transaction: the head, the next ``batch`` unsealed rows in id order, their links written."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEAL_LOCK])
        seq, prev = _head()
        rows = list(AccessLogEntry.objects.filter(hash__isnull=True).order_by("id")[:batch])
        links = []
        for row in rows:
            if not hmac.compare_digest(row.mac or "", chain.pending_mac(row.hashed_fields())):
                result.altered = row.pk
                logger.error("access log entry %s was altered before it was sealed: not sealed", row.pk)
                break
            seq += 1
            row.prev_hash = prev
            prev = row.compute_hash()
            links.append((seq, row.prev_hash, prev, row.pk))
        if links:
            with connection.cursor() as cursor:
                cursor.executemany(update, links)
    return rows, links


# --- Verifying ---------------------------------------------------------------------------------------------------


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


def _chain_rows():
    """The chain in order: the rows chained before batches (by id), then the sealed rows (by ``seq``)."""
    yield from AccessLogEntry.objects.filter(seq__isnull=True, hash__isnull=False).order_by("id").iterator(2000)
    yield from AccessLogEntry.objects.filter(seq__isnull=False).order_by("seq").iterator(2000)


def _within(entry, checkpoint) -> bool:
    """Whether ``entry`` is at or before the checkpoint's head (checkpoints before batches name the head by id)."""
    if checkpoint.get("seq") is None:
        return entry.seq is None and entry.pk <= checkpoint["id"]
    return entry.seq is None or entry.seq <= checkpoint["seq"]


def _altered(sealing) -> str:
    """The unsealed row whose MAC does not match: altered before its sealing, or a sealed row taken out of the chain
    (a sealed row has no MAC), which also breaks the chain at the row after it."""
    return (f"Access log entry {sealing.altered} was altered before it was sealed (its MAC does not match); it "
            f"and the entries after it are not sealed")


def verify(checkpoint_line: str | None = None) -> Verification:
    """Seal what is unsealed, walk the chain in order and compare it with the latest signed checkpoint, or with
    ``checkpoint_line`` (a checkpoint copied from the application log, when the file is gone or in doubt)."""
    sealing = seal()
    checkpoint, checkpoint_problem = latest_checkpoint() if checkpoint_line is None else _given(checkpoint_line)
    prev, count, at_head = GENESIS, 0, (0, GENESIS, 0)  # (id, hash, rows) up to the checkpoint's head
    for entry in _chain_rows():
        count += 1
        if entry.prev_hash != prev or entry.compute_hash() != entry.hash:
            also = f" {_altered(sealing)}." if sealing.altered is not None else ""
            return Verification(count, entry.pk,
                                f"Access log chain broken at entry {entry.pk} (checked {count} rows).{also}")
        prev = entry.hash
        if checkpoint and _within(entry, checkpoint):
            at_head = (entry.pk, entry.hash, count)
    if sealing.altered is not None:
        return Verification(count, sealing.altered, _altered(sealing) + f" (checked {count} sealed rows).",
                            checkpoint)
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
    """Seal the unsealed rows, then append the chain's head (its id and place, its hash, the number of rows) signed
    with the key to the checkpoint file and write it to the application log. Call it daily (Celery beat) or by hand:
    ``checkpoint_access_log``."""
    seal()
    # Rows sealed meanwhile come after the head: the count up to the head's place is the head's own.
    seq, head_hash = _head()
    legacy = AccessLogEntry.objects.filter(seq__isnull=True, hash__isnull=False)
    count = legacy.count() + AccessLogEntry.objects.filter(seq__isnull=False, seq__lte=seq).count()
    head_id = (AccessLogEntry.objects.filter(seq=seq) if seq else legacy.order_by("-id")).values_list(
        "id", flat=True).first() or 0
    payload = {"id": head_id, "seq": seq or None, "hash": head_hash, "count": count, "at": timezone.now().isoformat()}
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
