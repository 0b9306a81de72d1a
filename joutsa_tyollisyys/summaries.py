"""Figures that summarise a whole table for a page (a month's payment-share list, the participation days not
claimed yet): counting them reads every row, so a page shows them from the cache, at most ``seconds`` old, with the
time they were counted. The services that change what they count forget them when their transaction commits, so
that a user's own change shows at once; changes made elsewhere show within ``seconds``. With a shared cache
(CACHE_URL) every process forgets at once.

A summary counted ``refresh_ahead`` (issue 24) is kept after ``seconds`` too: the first request after them gets it
at once (with its time) and starts its recount in the background, so no reader waits for an expiry's recount; only
a forgotten (or never counted) summary is counted in the request. Web processes count them at start as well
(``server.warm_summaries``)."""

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

#: How long the others wait for the request that counts (then they count too), and how long its claim to be
#: counting holds if it dies meanwhile.
WAIT, COUNTING_SECONDS = 5, 30
#: How long a summary counted ahead is kept, in ``seconds``: after that it is counted in the request again.
KEPT_TIMES = 12
logger = logging.getLogger(__name__)


def _in_background(work):
    """Run ``work`` in a thread of its own (its own database connection, closed when done)."""
    def run():
        from django.db import connections

        try:
            work()
        except Exception:  # a failed recount leaves the kept figures; the next request tries again
            logger.exception("recounting a summary failed")
        finally:
            connections.close_all()

    threading.Thread(target=run, daemon=True, name="summary-recount").start()


@dataclass(frozen=True)
class Summary:
    name: str
    seconds: int
    refresh_ahead: bool = False

    def get(self, part: str, compute):
        """(``compute()``, when it was counted) for ``part`` (a month, say), from the cache when there. When it
        is not, one request counts and the others asking meanwhile wait for its result (up to ``WAIT`` seconds,
        then they count too) instead of all counting the same rows at once."""
        key = f"summary:{self.name}:{cache.get(self._version_key, 0)}:{part}"
        found = cache.get(key)
        if found is not None:
            if self.refresh_ahead and (timezone.now() - found[1]).total_seconds() >= self.seconds:
                self._recount_ahead(key, compute)
            return found
        if not cache.add(f"{key}:counting", True, COUNTING_SECONDS):
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline:
                time.sleep(0.05)
                found = cache.get(key)
                if found is not None:
                    return found
        try:
            found = (compute(), timezone.now())
            cache.set(key, found, self._kept)
        finally:
            cache.delete(f"{key}:counting")
        return found

    @property
    def _kept(self) -> int:
        return self.seconds * KEPT_TIMES if self.refresh_ahead else self.seconds

    def _recount_ahead(self, key, compute):
        if not cache.add(f"{key}:counting", True, COUNTING_SECONDS):
            return  # another request recounts it already

        def recount():
            try:
                cache.set(key, (compute(), timezone.now()), self._kept)
            finally:
                cache.delete(f"{key}:counting")

        _in_background(recount)

    def forget(self):
        """Every part is out of date (a new version: the old entries are never read again and expire)."""
        cache.set(self._version_key, uuid.uuid4().hex, None)

    def forget_on_commit(self):
        """For a service: forget once its change is committed (a rolled-back change forgets nothing)."""
        transaction.on_commit(self.forget)

    @property
    def _version_key(self) -> str:
        return f"summary:{self.name}:version"
