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
    user = user or getattr(request, "user", None)
    if client is not None:
        client_id = client.pk
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AccessLogEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AccessLogEntry(
            user_id=getattr(user, "pk", None),
            username=getattr(user, "username", "") or "",
            client_id=client_id,
            action=action,
            what=str(what)[:200],
            path=(path if path is not None else (request.path if request else ""))[:300],
            ip=_client_ip(request),
            prev_hash=last or GENESIS,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


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
