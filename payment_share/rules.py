"""The municipal share of unemployment benefits (docs/domain.md § 6.1): pure functions, no database.

1.1.2015–31.12.2024 (työttömyysturvalaki 1290/2002, ch. 14): the state pays the labour market subsidy
in full until the person has received it for 300 days (paid on the basis of unemployment); from 300
days the municipality pays 50 %, from 1,000 days 70 %. From 1.1.2025 the share covers all unemployment
benefits and starts after 101 days in rising bands.

The band numbers are never constants here: they are rows of the date-effective table
``PaymentShareBand`` (seeded with the 2015–2024 rule by a data migration; the 2025 model is entered by
the admin). These functions take the bands valid on the month as ``Band`` values.

The share of a month is set per **payment period** by the days paid *before* that period: Kela's list gives
the cumulative paid days *after* the month and the days paid in the month, so the days before are
cumulative − days in the month (``days_before_period``). A band applies from its ``min_days`` on: 310
cumulative days with 20 in the month are 290 days before, still the 0 % band (the period in which 300 was
reached); 320 with 20 are 300 before, the 50 % band. The euros on the list are Kela's own figures and are
never recomputed.

Which model is in force for a month (the benefits it covers, the paid days from which Kela bills) is data
too: rows of ``ShareRuleSet``, looked up by the list's month.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from joutsa_tyollisyys.dates import add_months, month_start  # noqa: F401 (the list's month arithmetic)


@dataclass(frozen=True, order=True)
class Band:
    min_days: int
    municipal_percent: Decimal


def _sorted(bands) -> list[Band]:
    return sorted(bands, key=lambda b: b.min_days)


def band_for(days: int, bands) -> Band | None:
    """The band a person with ``days`` cumulative paid days is in; ``None`` below the first band
    (the state pays in full) or when no bands are known for the date."""
    current = None
    for band in _sorted(bands):
        if days >= band.min_days:
            current = band
    return current


def next_band(days: int, bands) -> Band | None:
    """The next band the person will reach, or ``None`` in the last band."""
    return next((band for band in _sorted(bands) if band.min_days > days), None)


def days_before_period(paid_days: int, days_in_month: int | None) -> int:
    """Days paid before the month's payment period: the list's cumulative days minus the days of the month
    (a list without the days of the month gives the cumulative days)."""
    return max(paid_days - (days_in_month or 0), 0)


def band_of_month(paid_days: int, days_in_month: int | None, bands) -> Band | None:
    """The band of the month's payment period: decided by the days paid before it."""
    return band_for(days_before_period(paid_days, days_in_month), bands)


def days_to_next_band(paid_days: int, days_in_month: int | None, bands) -> int | None:
    """Paid days left until a later payment period is in the next band, or ``None`` in the last band.

    The next band is the one above the days before this month's period; it applies from the period after the
    one in which its days are reached, so the days left are counted from the cumulative days: 0 means the
    next month is already in it (310 cumulative with 20 in the month: 0 days, 50 % from the next month)."""
    upcoming = next_band(days_before_period(paid_days, days_in_month), bands)
    return None if upcoming is None else max(upcoming.min_days - paid_days, 0)


def approach_ranges(within_days: int, bands) -> list[tuple[int, int]]:
    """(lowest cumulative days, band start) per band: a person is at most ``within_days`` from that band when
    their cumulative days are at least the first and their days before the month's period are below the
    second (``cumulative − days in month < band start``)."""
    return [
        (max(band.min_days - within_days, 0), band.min_days)
        for band in _sorted(bands)
        if band.min_days > 0 and within_days > 0
    ]


def quarter_of(month: date) -> tuple[int, int]:
    return month.year, (month.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    return date(year, (quarter - 1) * 3 + 1, 1)


def percent(part: int, whole: int) -> int | None:
    """Whole percent, rounded down so that 100 % means everyone (``None`` when there is nobody)."""
    if not whole:
        return None
    return part * 100 // whole
