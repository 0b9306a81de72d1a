"""The law's numbers at every edge (189/2001 § 13 as amended by 142/2015; § 24)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from joutsa_tyollisyys.dates import add_months
from rehab_work import rules
from rehab_work.models import CompensationRate


def errors(start=date(2025, 1, 1), end=date(2025, 6, 30), days=4, hours=Decimal(4), weekdays="1234"):
    return rules.agreement_term_errors(
        start=start, end=end, days_per_week=days, hours_per_day=hours, weekdays=weekdays
    )


def test_lawful_terms_have_no_errors():
    assert errors() == {}


@pytest.mark.parametrize(
    ("end", "ok"),
    [
        (date(2025, 3, 30), False),  # a day short of three months
        (date(2025, 3, 31), True),  # exactly three months
        (date(2026, 12, 31), True),  # exactly 24 months
        (date(2027, 1, 1), False),  # a day over 24 months
    ],
)
def test_period_is_three_to_twenty_four_months(end, ok):
    assert ("end_date" not in errors(end=end)) is ok


def test_short_and_long_periods_say_the_limit_date():
    assert "31.03.2025" in errors(end=date(2025, 3, 30))["end_date"][0]
    assert "31.12.2026" in errors(end=date(2027, 1, 1))["end_date"][0]


def test_end_before_start_is_its_own_message_in_finnish_and_swedish():
    assert errors(end=date(2024, 12, 31))["end_date"] == ["Päättymispäivä ei voi olla ennen alkamispäivää."]
    with translation.override("sv"):
        assert errors(end=date(2024, 12, 31))["end_date"] == ["Slutdatumet kan inte vara före startdatumet."]


def test_month_end_start_is_clamped():
    """150/1930: no 30th (29th) in February, so the period ends on February's last day (was 27.2.)."""
    assert rules.earliest_end(date(2024, 11, 30)) == date(2025, 2, 28)
    assert rules.latest_end(date(2024, 2, 29)) == date(2026, 2, 28)
    assert rules.earliest_end(date(2024, 12, 1)) == date(2025, 2, 28)  # the day before 1.3.


@pytest.mark.parametrize(
    ("start", "days", "ok"),
    [
        (date(2015, 7, 1), 4, True),
        (date(2015, 7, 1), 5, False),  # the four-day rule starts on 1.7.2015
        (date(2015, 6, 30), 5, True),  # the day before: up to five days
        (date(2015, 6, 30), 6, False),
        (date(2025, 1, 1), 1, True),
        (date(2025, 1, 1), 0, False),
    ],
)
def test_days_per_week_depend_on_the_start_date(start, days, ok):
    result = errors(start=start, end=add_months(start, 6), days=days, weekdays="12345")
    assert ("days_per_week" not in result) is ok


def test_max_days_per_week_switches_on_first_of_july_2015():
    assert rules.max_days_per_week(date(2015, 6, 30)) == 5
    assert rules.max_days_per_week(date(2015, 7, 1)) == 4


@pytest.mark.parametrize(
    ("hours", "ok"),
    [
        (Decimal("3.9"), False),
        (Decimal("4.0"), True),
        (Decimal("8.0"), True),
        (Decimal("8.5"), False),
    ],
)
def test_at_least_four_hours_a_day_and_at_most_eight_in_practice(hours, ok):
    assert ("hours_per_day" not in errors(hours=hours)) is ok


def test_weekdays_must_cover_the_days_per_week():
    assert "weekdays" in errors(days=3, weekdays="12")
    assert "weekdays" not in errors(days=3, weekdays="135")


def test_normalise_weekdays():
    assert rules.normalise_weekdays(["4", 1, "2", "2"]) == "124"
    assert rules.normalise_weekdays([]) == ""


def test_final_evaluation_deadline_is_two_weeks_before_the_end():
    assert rules.final_evaluation_deadline(date(2025, 6, 30)) == date(2025, 6, 16)


def test_attendance_day_must_be_in_the_period_and_an_agreed_weekday():
    kwargs = {"start": date(2025, 3, 3), "end": date(2025, 6, 1), "weekdays": "124"}
    assert rules.attendance_day_error(day=date(2025, 3, 3), **kwargs) is None  # Monday, first day
    assert rules.attendance_day_error(day=date(2025, 3, 2), **kwargs)  # the day before the start
    assert rules.attendance_day_error(day=date(2025, 3, 5), **kwargs)  # Wednesday: not agreed
    assert rules.attendance_day_error(day=date(2025, 6, 2), **kwargs)  # after the end


def test_countable_days_caps_four_a_calendar_week():
    week = [date(2025, 3, 3) + timedelta(days=i) for i in range(5)]  # Mon–Fri
    assert rules.countable_days(week, []) == week[:4]


def test_countable_days_counts_days_claimed_earlier_in_the_same_week():
    # Week 27.1.–2.2.2025 spans two months: Mon–Wed were claimed with January.
    claimed = [date(2025, 1, 27), date(2025, 1, 28), date(2025, 1, 29)]
    february = [date(2025, 1, 30), date(2025, 1, 31)]
    assert rules.countable_days(february, claimed) == [date(2025, 1, 30)]
    assert rules.countable_days([date(2025, 2, 3)], claimed) == [date(2025, 2, 3)]  # next week starts afresh


def test_countable_days_before_the_law_change_allow_five():
    week = [date(2015, 6, 1) + timedelta(days=i) for i in range(5)]
    assert rules.countable_days(week, []) == week


def test_amount_on_picks_the_row_valid_on_the_day():
    rates = [
        CompensationRate(valid_from=date(2015, 1, 1), valid_to=date(2025, 12, 31), amount_per_day=Decimal("10.09")),
        CompensationRate(valid_from=date(2026, 1, 1), valid_to=None, amount_per_day=Decimal("10.50")),
    ]
    assert rules.amount_on(date(2025, 12, 31), rates) == Decimal("10.09")
    assert rules.amount_on(date(2026, 1, 1), rates) == Decimal("10.50")
    assert rules.amount_on(date(2014, 12, 31), rates) is None


def test_follow_up_times_stop_before_the_final_evaluation():
    first = datetime(2025, 3, 10, 10)
    assert rules.follow_up_times(first, 4, datetime(2025, 5, 5, 10)) == [
        first,
        datetime(2025, 4, 7, 10),
    ]  # 5.5. itself is the final evaluation
    assert rules.follow_up_times(first, 0, datetime(2025, 6, 1)) == [first]


def test_month_and_week_bounds():
    assert rules.month_bounds(2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert rules.week_bounds(date(2025, 3, 6)) == (date(2025, 3, 3), date(2025, 3, 9))
