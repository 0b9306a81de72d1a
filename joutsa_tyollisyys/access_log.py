"""Writing and verifying the access log (DESIGN.md: every read of personal data appends a row)."""

from django.db import connection, transaction

from .models import AccessLogEntry

GENESIS = "0" * 64
_CHAIN_LOCK = 80_24_2001  # advisory lock id on PostgreSQL


def _client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_access(*, request=None, user=None, client=None, client_id=None, action="view", what="", path=None):
    """Append one row. Serialised so that the chain never forks (advisory lock / SQLite write lock)."""
    if client is not None:
        client_id = client.pk
    return log_access_many(request=request, user=user, client_ids=[client_id], action=action, what=what,
                           path=path)[0]


def log_access_many(*, request=None, user=None, client_ids, action="view", what="", path=None):
    """Append one row per client (a list page or an export showing many people): one lock, one insert."""
    user = user or getattr(request, "user", None)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        previous = AccessLogEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        entries = []
        for client_id in client_ids:
            entry = AccessLogEntry(
                user_id=getattr(user, "pk", None),
                username=getattr(user, "username", "") or "",
                client_id=client_id,
                action=action,
                what=str(what)[:200],
                path=(path if path is not None else (request.path if request else ""))[:300],
                ip=_client_ip(request),
                prev_hash=previous,
            )
            entry.hash = previous = entry.compute_hash()
            entries.append(entry)
        AccessLogEntry.objects.bulk_create(entries)  # in order: ids follow the chain
    return entries


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
