"""The workshop's rules at their edges, with the numbers of the law and the plan."""

from datetime import date

import pytest

from workshop import rules


@pytest.mark.parametrize(
    ("birth", "day", "ok"),
    [
        (date(2009, 6, 1), date(2025, 5, 31), False),  # 15 the day before the 16th birthday
        (date(2009, 6, 1), date(2025, 6, 1), True),  # 16 on the birthday
        (date(1996, 6, 1), date(2025, 5, 31), True),  # still 28
        (date(1996, 6, 1), date(2025, 6, 1), False),  # 29 on the birthday
        (date(2008, 2, 29), date(2024, 2, 28), False),  # leap-day child: 16 only on 29.2.2024
        (date(2008, 2, 29), date(2024, 2, 29), True),
    ],
)
def test_youth_workshop_ages_16_to_28(birth, day, ok):
    assert (rules.youth_workshop_age_error(birth, day) is None) is ok


def test_age_on_leap_day_birthday_in_common_year():
    assert rules.age_on(date(2000, 2, 29), date(2017, 2, 28)) == 16
    assert rules.age_on(date(2000, 2, 29), date(2017, 3, 1)) == 17


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 1, 31), date(2025, 2, 28)), True),  # shared day
        ((date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 2, 1), date(2025, 2, 28)), False),
        ((date(2025, 3, 1), None), (date(2025, 1, 1), date(2025, 3, 1)), True),
        ((date(2025, 3, 2), None), (date(2025, 1, 1), date(2025, 3, 1)), False),
    ],
)
def test_periods_overlap(a, b, overlap):
    assert rules.periods_overlap(*a, *b) is overlap
    assert rules.periods_overlap(*b, *a) is overlap


def test_work_trial_six_months_at_a_time():
    start = date(2025, 1, 15)
    assert rules.period_length_error(start, date(2025, 7, 14), 6) is None
    assert "14.07.2025" in rules.period_length_error(start, date(2025, 7, 15), 6)
    assert rules.period_length_error(start, date(2027, 1, 1), None) is None  # agreed case by case
    assert rules.period_length_error(start, date(2025, 1, 14), None)


@pytest.mark.parametrize(("hours", "ok"), [(None, False), (13, False), (14, True), (240, True), (241, False)])
def test_community_service_14_to_240_hours(hours, ok):
    assert (rules.community_service_hours_error(hours) is None) is ok


def test_session_days_weekly_rule():
    # Tuesdays and Thursdays from Wednesday 1.1.2025 to Tuesday 14.1.2025
    days = rules.session_days(date(2025, 1, 1), date(2025, 1, 14), "24")
    assert days == [date(2025, 1, 2), date(2025, 1, 7), date(2025, 1, 9), date(2025, 1, 14)]


def test_session_days_every_other_week_counts_from_the_first_week():
    days = rules.session_days(date(2025, 1, 6), date(2025, 2, 2), "1", every_weeks=2)
    assert days == [date(2025, 1, 6), date(2025, 1, 20)]


def test_session_days_empty_cases():
    assert rules.session_days(date(2025, 1, 6), date(2025, 1, 5), "1") == []
    assert rules.session_days(date(2025, 1, 6), date(2025, 1, 20), "") == []


def test_schedule_errors():
    assert rules.schedule_error(date(2025, 1, 1), date(2025, 12, 31), "1") == {}
    assert set(rules.schedule_error(date(2025, 1, 2), date(2025, 1, 1), "")) == {"weekdays", "last_day"}
    assert "last_day" in rules.schedule_error(date(2025, 1, 1), date(2026, 1, 3), "1")
