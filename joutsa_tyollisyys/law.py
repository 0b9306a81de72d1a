"""The law in force on a date: the date-effective lookup every app uses (docs/domain.md § 8).

``law_on(day)`` returns the ``LawRuleSet`` row in force on ``day`` (the latest row starting on or before
it). The rows are few and read on most pages, so they are kept in the cache; saving or deleting a row in
Administration clears it (with a per-process cache, ``CACHE_URL`` unset, the other web processes see the
change within ``CACHE_SECONDS``). A list of many rows reads ``law_on`` once, not per row.
``in_force(rows, day)`` is the same lookup over any rows with ``valid_from``.
"""

from datetime import date

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

CACHE_KEY = "law_rule_sets"
CACHE_SECONDS = 300


def in_force(rows, day: date):
    """Of ``rows`` (each with ``valid_from``), the one in force on ``day``: the latest that has started."""
    started = [row for row in rows if row.valid_from <= day]
    if not started:
        raise LookupError(f"No rule set in force on {day.isoformat()}")
    return max(started, key=lambda row: row.valid_from)


def _rows():
    from .models import LawRuleSet

    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = list(LawRuleSet.objects.order_by("valid_from"))
        cache.set(CACHE_KEY, rows, CACHE_SECONDS)
    return rows


def law_on(day: date):
    """The law in force on ``day`` (a ``LawRuleSet``)."""
    return in_force(_rows(), day)


def _clear(**kwargs):
    cache.delete(CACHE_KEY)


def connect_signals():
    from .models import LawRuleSet

    post_save.connect(_clear, sender=LawRuleSet, dispatch_uid="law_rule_sets_saved")
    post_delete.connect(_clear, sender=LawRuleSet, dispatch_uid="law_rule_sets_deleted")
