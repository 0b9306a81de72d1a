"""Counting months, the one way: laki säädettyjen määräaikain laskemisesta (150/1930).

§ 3 of the act: when a time limit is counted in months, it ends on the day of the month whose number is
the same as the day it is counted from; if that month has no such day, it ends on the month's last day.
So 15.1. + 1 month = 15.2., and 31.1. + 1 month = 28.2. (29.2. in a leap year).

Every app counts months with these functions (rehabilitative-work periods, wage-subsidy periods and
contracts, service lengths, report and list months): before, three hand-written versions disagreed, and a
period of one month starting 31.1. ended on 27.2. in one app and on 28.2. in another.
"""

import calendar
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


def add_months(day: date, months: int) -> date:
    """The day ``months`` months after ``day`` (before it when negative), by 150/1930 § 3.

    The same day number; when the month has no such day, its last day (31.1. + 1 → 28.2.).
    """
    return day + relativedelta(months=months)


def period_last_day(start: date, months: int) -> date:
    """The last day of a period of ``months`` months that begins on ``start`` (both days included).

    By 150/1930 the period runs to the day with the start day's number ``months`` months later, that day
    not included: 1.1. + 3 months ends on 31.3., 15.1. + 1 month on 14.2. When that month has no day with
    the start day's number, the act ends the period on the month's last day, which is then included:
    31.1. + 1 month ends on 28.2., and so does 30.1. + 1 month (a period never ends before the month's
    end when its start day does not exist there).
    """
    if months < 1:
        raise ValueError("A period lasts at least one month.")
    later = add_months(start, months)
    if later.day != start.day:  # clamped: no such day in that month, the period ends on its last day
        return later
    return later - timedelta(days=1)


def month_start(day: date, offset: int = 0) -> date:
    """The first day of the month ``offset`` months after (negative: before) the month of ``day``."""
    return add_months(day.replace(day=1), offset)


def month_end(day: date) -> date:
    """The last day of the month of ``day``."""
    return month_start(day, 1) - timedelta(days=1)


def previous_month(day: date) -> tuple[date, date]:
    """The first and the last day of the month before the month of ``day``."""
    start = month_start(day, -1)
    return start, month_end(start)


# --- Age: a person turns a year older on the birthday; one born on 29 February on 1 March in a common year. ---


def birthday(birth: date, age: int) -> date:
    """The day a person born on ``birth`` turns ``age`` (29 February → 1 March in common years)."""
    year = birth.year + age
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth.replace(year=year)


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
