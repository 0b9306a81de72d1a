"""Writing and verifying the access log (DESIGN.md: every read of personal data appends a row).

The rows form a hash chain: each row holds the hash of the row before it (``prev_hash``) and its own hash
over that and its fields. ``prev_hash`` is unique, so the chain cannot fork: of two writers that read the
same last row, one appends and the other's insert conflicts; it reads the new last row and tries again.
"""

from django.db import IntegrityError, connection, transaction

from .models import AccessLogEntry

GENESIS = "0" * 64
_ATTEMPTS = 50  # a conflict means another row was appended meanwhile; each retry sees a newer last row
_FIELDS = ["at", "user_id", "username", "client_id", "action", "what", "path", "ip"]


class AccessLogBusy(RuntimeError):
    """The log could not be appended to (a conflict on every attempt)."""


def _client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _entry(request, user, client_id, action, what, path):
    user = user or getattr(request, "user", None)
    return AccessLogEntry(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        client_id=client_id,
        action=action,
        what=str(what)[:200],
        path=(path if path is not None else (request.path if request else ""))[:300],
        ip=_client_ip(request),
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
    # AccessLogEntry.compute_hash hashes "prev_hash \x1f field \x1f field …": the part after prev_hash here.
    fields_part = "".join(AccessLogEntry.HASH_SEPARATOR + part for part in entry.hashed_fields())
    return sql, [*values, GENESIS, GENESIS, fields_part]


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


def verify_chain():
    """Return (rows checked, first broken entry id or None)."""
    prev = GENESIS
    count = 0
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if entry.prev_hash != prev or entry.compute_hash() != entry.hash:
            return count, entry.pk
        prev = entry.hash
    return count, None
