"""Pure rules of the monthly report: month arithmetic, year-to-date aggregation and small-number masking.

No ORM here (the django-rules library is imported as ``import rules`` only in permissions.py).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from joutsa_tyollisyys.dates import add_months, month_end, month_start  # noqa: F401 (the report's month arithmetic)

#: Trend charts and the snapshot's series cover this many months (the report month and 12 before it).
TREND_MONTHS = 13
#: People-based figures below this are shown to the working group as "< 5" (never the number).
MASK_BELOW = 5
MASKED = "< 5"

#: How a figure over the year to date is formed from the months (or from the whole period).
YTD_PERIOD = "period"  # computed over 1 January – end of the report month (e.g. distinct people, € in the period)
YTD_SUM = "sum"  # the sum of the monthly values (entered money figures)
YTD_AVERAGE = "average"  # the mean of the monthly values that exist (stock figures, rates, percentages)


def previous_month(today: date) -> date:
    """The month a scheduled run reports on: the calendar month before ``today``."""
    return add_months(month_start(today), -1)


def trend_months(month: date, n: int = TREND_MONTHS) -> list[date]:
    """The ``n`` months ending with ``month``, oldest first."""
    return [add_months(month_start(month), i) for i in range(-(n - 1), 1)]


def year_to_date_months(month: date) -> list[date]:
    return [date(month.year, m, 1) for m in range(1, month.month + 1)]


def average(values) -> Decimal | None:
    """The mean of the values that exist (``None`` when none does), to one decimal."""
    present = [Decimal(str(v)) for v in values if v is not None]
    if not present:
        return None
    return (sum(present) / len(present)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def total(values):
    """The sum of the values that exist (``None`` when none does)."""
    present = [Decimal(str(v)) for v in values if v is not None]
    return sum(present) if present else None


def percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_small(count) -> bool:
    """A count of people too small to show to those who see only aggregates (0 included: "below 5")."""
    return count is not None and Decimal(str(count)) < MASK_BELOW
