"""The pure rules with the plan's numbers: 12 months of unemployment, a check every N (12) months,
the sote team every other week, every basic examination done before a disability-pension decision."""

from datetime import date, time

import pytest

from health_cooperation import rules


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 3, 15), 1, date(2025, 2, 15)),
        (date(2025, 3, 31), 1, date(2025, 2, 28)),  # clamped to the month's last day
        (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 10), 1, date(2024, 12, 10)),  # over the turn of the year
        (date(2025, 6, 30), 12, date(2024, 6, 30)),
        (date(2025, 2, 28), 0, date(2025, 2, 28)),
    ],
)
def test_months_before(day, months, expected):
    assert rules.months_before(day, months) == expected


def test_months_before_refuses_negative():
    with pytest.raises(ValueError):
        rules.months_before(date(2025, 1, 1), -1)


def test_long_term_unemployment_starts_at_exactly_twelve_months():
    on = date(2025, 6, 15)
    assert rules.LONG_TERM_UNEMPLOYMENT_MONTHS == 12
    assert rules.is_long_term_unemployed(date(2024, 6, 15), on) is True  # 12 months to the day
    assert rules.is_long_term_unemployed(date(2024, 6, 16), on) is False  # one day short
    assert rules.is_long_term_unemployed(date(2020, 1, 1), on) is True
    assert rules.is_long_term_unemployed(None, on) is False


def test_health_check_due_boundary_with_the_default_twelve_months():
    on = date(2025, 6, 15)
    assert rules.health_check_cutoff(on, 12) == date(2024, 6, 15)
    assert rules.health_check_due(date(2024, 6, 15), on, 12) is False  # exactly 12 months ago still counts
    assert rules.health_check_due(date(2024, 6, 14), on, 12) is True
    assert rules.health_check_due(None, on, 12) is True
    assert rules.health_check_due(date(2025, 6, 15), on, 12) is False


def test_health_check_due_with_a_shorter_interval():
    on = date(2025, 6, 15)
    assert rules.health_check_due(date(2024, 12, 15), on, 6) is False
    assert rules.health_check_due(date(2024, 12, 14), on, 6) is True
    with pytest.raises(ValueError):
        rules.health_check_cutoff(on, 0)


def test_the_sote_team_meets_every_other_week_on_the_chosen_weekday():
    assert rules.SOTE_TEAM_INTERVAL_WEEKS == 2
    # First week starts Monday 6.1.2025; the team meets on Thursdays (3): first meeting 9.1.2025.
    dates = rules.meeting_dates(
        first_on=date(2025, 1, 6), weekday=3, interval_weeks=2, from_day=date(2025, 1, 1), count=4
    )
    assert dates == [date(2025, 1, 9), date(2025, 1, 23), date(2025, 2, 6), date(2025, 2, 20)]
    assert all(d.weekday() == 3 for d in dates)


@pytest.mark.parametrize(
    ("from_day", "first"),
    [
        (date(2025, 1, 9), date(2025, 1, 9)),  # on a meeting day: that day counts
        (date(2025, 1, 10), date(2025, 1, 23)),  # the day after: the next in two weeks
        (date(2025, 1, 16), date(2025, 1, 23)),  # the off week's Thursday is skipped
        (date(2025, 1, 23), date(2025, 1, 23)),
        (date(2025, 1, 24), date(2025, 2, 6)),
        (date(2025, 12, 31), date(2026, 1, 8)),  # 52 weeks after 9.1.2025: aligned across the year
    ],
)
def test_meeting_dates_stay_aligned_to_the_first_meeting(from_day, first):
    dates = rules.meeting_dates(
        first_on=date(2025, 1, 9), weekday=3, interval_weeks=2, from_day=from_day, count=1
    )
    assert dates == [first]


def test_meeting_dates_validates_its_input():
    with pytest.raises(ValueError):
        rules.meeting_dates(
            first_on=date(2025, 1, 9), weekday=7, interval_weeks=2, from_day=date(2025, 1, 1), count=1
        )
    with pytest.raises(ValueError):
        rules.meeting_dates(
            first_on=date(2025, 1, 9), weekday=3, interval_weeks=0, from_day=date(2025, 1, 1), count=1
        )
    assert (
        rules.meeting_dates(
            first_on=date(2025, 1, 9), weekday=3, interval_weeks=2, from_day=date(2025, 1, 1), count=0
        )
        == []
    )


def test_slot_plan_runs_receptions_then_consultations_back_to_back():
    plan = rules.slot_plan(start=time(12, 0), blocks=[("reception", 2, 45), ("consultation", 3, 20)])
    assert [(p.kind, p.starts, p.minutes) for p in plan] == [
        ("reception", time(12, 0), 45),
        ("reception", time(12, 45), 45),
        ("consultation", time(13, 30), 20),
        ("consultation", time(13, 50), 20),
        ("consultation", time(14, 10), 20),
    ]


def test_slot_plan_may_end_at_midnight_but_not_run_past_it():
    assert len(rules.slot_plan(start=time(23, 0), blocks=[("reception", 1, 60)])) == 1
    with pytest.raises(ValueError):
        rules.slot_plan(start=time(23, 30), blocks=[("reception", 1, 45)])
    with pytest.raises(ValueError):
        rules.slot_plan(start=time(12, 0), blocks=[("reception", 1, 0)])


@pytest.mark.parametrize(
    ("statuses", "ready"),
    [
        ([], False),
        (["done"], True),
        (["done", "not_needed", "done"], True),
        (["done", "pending"], False),
        (["not_needed", "not_needed"], False),  # nothing was examined
        (["pending"], False),
    ],
)
def test_ready_for_pension_decision(statuses, ready):
    assert rules.ready_for_pension_decision(statuses) is ready


def test_checklist_progress_counts_settled_examinations():
    assert rules.checklist_progress(["done", "pending", "not_needed"]) == (2, 3)
    assert rules.checklist_progress([]) == (0, 0)
