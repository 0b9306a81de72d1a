"""The municipal share of unemployment benefits (DOMAIN.md § 6.1): pure functions, no database.

1.1.2015–31.12.2024 (työttömyysturvalaki 1290/2002, ch. 14): the state pays the labour market subsidy
in full until the person has received it for 300 days (paid on the basis of unemployment); from 300
days the municipality pays 50 %, from 1,000 days 70 %. From 1.1.2025 the share covers all unemployment
benefits and starts after 101 days in rising bands.

The band numbers are never constants here: they are rows of the date-effective table
``PaymentShareBand`` (seeded with the 2015–2024 rule by a data migration; the 2025 model is entered by
the admin). These functions take the bands valid on the month as ``Band`` values.

A band applies from its ``min_days`` on: with 300 paid days the person is in the 50 % band. The app
classifies a person by the cumulative paid days on Kela's list for the month; the euros on the list are
Kela's own figures and are never recomputed.
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


def days_to_next_band(days: int, bands) -> int | None:
    """Paid days left until the next band starts (1 at 299 days under the 2015–2024 rule)."""
    upcoming = next_band(days, bands)
    return None if upcoming is None else upcoming.min_days - days


def approach_ranges(within_days: int, bands) -> list[tuple[int, int]]:
    """Ranges (inclusive) of cumulative days that are at most ``within_days`` from a band's start."""
    return [
        (max(band.min_days - within_days, 0), band.min_days - 1)
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
