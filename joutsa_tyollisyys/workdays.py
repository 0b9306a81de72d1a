"""Working days: Monday to Friday, not a Finnish public holiday (the maintained ``holidays`` library).

Every place that books a meeting automatically moves it with these helpers, so that no meeting falls on
a weekend, Christmas Eve, Midsummer Eve or another day the office is closed.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: date) -> bool:
    return day.isoweekday() <= 5 and day not in _holidays_of(day.year)


def working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
