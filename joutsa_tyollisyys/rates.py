"""Date-effective rows: the one way to find the row of a rate table (or of a table of limits in code) valid on a
day or during a period.

A row is valid from ``valid_from`` to ``valid_to`` inclusive; an empty ``valid_to`` is open (valid until a
later row closes it), an empty ``valid_from`` (only in tables written in code) has always been valid. The law
changes a rate by ending the current row and adding a new one, so past periods keep their own rate
(docs/design.md, "Rates and limits by date").
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q


def valid_on_q(day: date) -> Q:
    """The rows valid on ``day`` (a filter for a queryset)."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def valid_during_q(start: date, end: date) -> Q:
    """The rows valid on at least one day from ``start`` to ``end`` inclusive (a filter for a queryset)."""
    return Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))


def rate_rows(queryset, start: date, end: date):
    """The rows of ``queryset`` valid on some day from ``start`` to ``end``: fetch them once, then ``row_on``."""
    return queryset.filter(valid_during_q(start, end))


def in_force(row, day: date) -> bool:
    """Whether ``row`` (anything with ``valid_from`` and ``valid_to``) is valid on ``day``."""
    return (row.valid_from is None or row.valid_from <= day) and (row.valid_to is None or day <= row.valid_to)


def row_on(rows: Iterable, day: date):
    """Of ``rows``, the one valid on ``day`` (the latest started when several are); None when none is."""
    valid = [row for row in rows if in_force(row, day)]
    return max(valid, key=lambda row: row.valid_from or date.min, default=None)


def rows_on(rows: Iterable, day: date) -> list:
    """Of ``rows``, every one valid on ``day``, in their order (e.g. the bands of one model)."""
    return [row for row in rows if in_force(row, day)]
