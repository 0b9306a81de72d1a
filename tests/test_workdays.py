"""Automatically booked meetings never fall on a weekend or a Finnish public holiday."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from health_cooperation import rules as health_rules
from joutsa_tyollisyys.workdays import is_working_day, working_day_on_or_after, working_day_on_or_before
from rehab_work import rules as rehab_rules

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    "day,working",
    [
        (date(2026, 12, 23), True),  # Wednesday
        (date(2026, 12, 24), False),  # Christmas Eve, Thursday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 26), False),  # Saturday, St Stephen's Day
        (date(2026, 12, 28), True),  # Monday
        (date(2026, 12, 5), False),  # Saturday
        (date(2027, 12, 6), False),  # Independence Day, Monday
        (date(2026, 5, 14), False),  # Ascension Day, Thursday
        (date(2027, 6, 25), False),  # Midsummer Eve, Friday
        (date(2027, 6, 24), True),  # the Thursday before it
        (date(2027, 1, 6), False),  # Epiphany, Wednesday
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_next_and_previous_working_day():
    assert working_day_on_or_after(date(2026, 12, 24)) == date(2026, 12, 28)
    assert working_day_on_or_before(date(2026, 12, 27)) == date(2026, 12, 23)
    assert working_day_on_or_after(date(2026, 12, 23)) == date(2026, 12, 23)


def test_rehab_follow_ups_move_off_holidays_keeping_the_hour():
    first = datetime(2026, 12, 10, 10, 0, tzinfo=HELSINKI)  # Thursday; two weeks later is Christmas Eve
    times = rehab_rules.follow_up_times(first, 2, first + timedelta(weeks=5))
    assert [(t.date(), t.hour) for t in times] == [
        (date(2026, 12, 10), 10),
        (date(2026, 12, 28), 10),
        (date(2027, 1, 7), 10),
    ]


def test_a_follow_up_moved_past_the_final_evaluation_is_not_booked():
    first = datetime(2026, 12, 24, 10, 0, tzinfo=HELSINKI)
    assert rehab_rules.follow_up_times(first, 0, datetime(2026, 12, 27, tzinfo=HELSINKI)) == []


def test_sote_team_meetings_move_off_holidays():
    dates = health_rules.meeting_dates(
        first_on=date(2026, 12, 10), weekday=3, interval_weeks=2, from_day=date(2026, 12, 10), count=3
    )
    assert dates == [date(2026, 12, 10), date(2026, 12, 28), date(2027, 1, 7)]
