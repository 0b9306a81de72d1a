"""The law's numbers at their boundaries (docs/domain.md §§ 5.3–5.4): eligibility 57–60, claim periods,
claim deadlines across month ends, February, leap years and year ends, and the monthly cap."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from obligation_employment import rules

BORN = date(1968, 5, 14)


# --- Eligibility: turned 57 but not 60 when the earnings-related allowance ends ---


@pytest.mark.parametrize(
    ("allowance_end", "eligible", "age"),
    [
        (date(2025, 5, 13), False, 56),  # the day before the 57th birthday
        (date(2025, 5, 14), True, 57),  # the 57th birthday
        (date(2028, 5, 13), True, 59),  # the day before the 60th birthday
        (date(2028, 5, 14), False, 60),  # the 60th birthday
    ],
)
def test_eligibility_at_both_birthdays(allowance_end, eligible, age):
    result = rules.obligation_eligibility(BORN, allowance_end)
    assert (result.eligible, result.age) == (eligible, age)
    assert result.turns_min_age == date(2025, 5, 14)
    assert result.turns_max_age == date(2028, 5, 14)


def test_leap_day_birth_turns_57_on_1_march_in_a_common_year():
    born = date(1968, 2, 29)
    assert rules.birthday(born, 57) == date(2025, 3, 1)
    assert not rules.obligation_eligibility(born, date(2025, 2, 28)).eligible
    assert rules.obligation_eligibility(born, date(2025, 3, 1)).eligible


def test_leap_day_birth_turns_60_on_29_february_in_a_leap_year():
    born = date(1968, 2, 29)
    assert rules.birthday(born, 60) == date(2028, 2, 29)
    assert rules.obligation_eligibility(born, date(2028, 2, 28)).eligible
    assert not rules.obligation_eligibility(born, date(2028, 2, 29)).eligible


def test_leap_day_birth_age_matches_the_client_model_convention():
    born = date(1964, 2, 29)
    assert rules.age_on(born, date(2021, 2, 28)) == 56
    assert rules.age_on(born, date(2021, 3, 1)) == 57


def test_the_explanation_says_why_in_finnish():
    with translation.override("fi"):
        too_young = rules.obligation_eligibility(BORN, date(2025, 5, 13)).explanation
        too_old = rules.obligation_eligibility(BORN, date(2028, 5, 14)).explanation
        fits = rules.obligation_eligibility(BORN, date(2026, 1, 31)).explanation
    assert "14.05.2025" in too_young and "56" in too_young and "Ei työllistämisvelvoitetta" in too_young
    assert "14.05.2028" in too_old and "60" in too_old
    assert "31.01.2026" in fits and "57" in fits and "koskee" in fits


# --- Months and claim periods ---


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 3, 1), 6, date(2025, 8, 31)),
        (date(2025, 1, 15), 1, date(2025, 2, 14)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # no 31 February: the last day of the month
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 30), 1, date(2025, 2, 28)),
        (date(2025, 11, 1), 3, date(2026, 1, 31)),  # over the year end
        (date(2025, 12, 1), 1, date(2025, 12, 31)),
    ],
)
def test_period_end(start, months, end):
    assert rules.period_end(start, months) == end


def test_default_contract_is_six_months():
    assert rules.default_contract_end(date(2026, 3, 1)) == date(2026, 8, 31)


def test_month_start_moves_over_year_ends():
    assert rules.month_start(date(2026, 2, 17), -3) == date(2025, 11, 1)
    assert rules.month_start(date(2026, 11, 30), 2) == date(2027, 1, 1)
    assert rules.month_start(date(2026, 5, 31)) == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (
            1,
            [
                (date(2025, 3, 1), date(2025, 3, 31)),
                (date(2025, 4, 1), date(2025, 4, 30)),
                (date(2025, 5, 1), date(2025, 5, 31)),
                (date(2025, 6, 1), date(2025, 6, 30)),
                (date(2025, 7, 1), date(2025, 7, 31)),
                (date(2025, 8, 1), date(2025, 8, 31)),
            ],
        ),
        (
            2,
            [
                (date(2025, 3, 1), date(2025, 4, 30)),
                (date(2025, 5, 1), date(2025, 6, 30)),
                (date(2025, 7, 1), date(2025, 8, 31)),
            ],
        ),
        (3, [(date(2025, 3, 1), date(2025, 5, 31)), (date(2025, 6, 1), date(2025, 8, 31))]),
    ],
)
def test_claim_periods_of_a_six_month_decision(months, expected):
    assert rules.claim_periods(date(2025, 3, 1), date(2025, 8, 31), months) == expected


def test_the_last_claim_period_is_cut_at_the_decisions_end():
    periods = rules.claim_periods(date(2025, 3, 1), date(2025, 9, 15), 3)
    assert periods[-1] == (date(2025, 9, 1), date(2025, 9, 15))
    assert len(periods) == 3


def test_claim_periods_from_a_month_end_do_not_drift():
    periods = rules.claim_periods(date(2024, 1, 31), date(2024, 5, 30), 1)
    assert periods == [
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 30)),
        (date(2024, 3, 31), date(2024, 4, 30)),
        (date(2024, 5, 1), date(2024, 5, 30)),
    ]


def test_claim_periods_refuse_other_lengths():
    with pytest.raises(ValueError):
        rules.claim_periods(date(2025, 3, 1), date(2025, 8, 31), 4)


@given(
    start=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    days=st.integers(0, 800),
    months=st.sampled_from([1, 2, 3]),
)
def test_claim_periods_cover_the_decision_without_gaps(start, days, months):
    end = start + timedelta(days=days)
    periods = rules.claim_periods(start, end, months)
    assert periods[0][0] == start and periods[-1][1] == end
    for (_, first_end), (second_start, _) in zip(periods, periods[1:], strict=False):
        assert second_start == first_end + timedelta(days=1)
    for index, (period_start, period_last) in enumerate(periods[:-1], start=1):
        assert period_last == rules.period_end(start, index * months)  # same length throughout
        assert period_start <= period_last


# --- Claim deadline: two months after the end of the calendar month in which the period ends ---


@pytest.mark.parametrize(
    ("period_end", "deadline"),
    [
        (date(2025, 3, 31), date(2025, 5, 31)),
        (date(2025, 3, 15), date(2025, 5, 31)),  # a period ending mid-month: still the same month's end + 2
        (date(2025, 3, 1), date(2025, 5, 31)),
        (date(2025, 4, 30), date(2025, 6, 30)),
        (date(2025, 10, 31), date(2025, 12, 31)),
        (date(2025, 11, 30), date(2026, 1, 31)),  # over the year end
        (date(2025, 12, 31), date(2026, 2, 28)),  # February of a common year
        (date(2023, 12, 31), date(2024, 2, 29)),  # February of a leap year
        (date(2099, 12, 31), date(2100, 2, 28)),  # 2100 is not a leap year
        (date(2024, 1, 1), date(2024, 3, 31)),
        (date(2024, 6, 30), date(2024, 8, 31)),
    ],
)
def test_claim_deadline(period_end, deadline):
    assert rules.claim_deadline(period_end) == deadline


@pytest.mark.parametrize(
    ("days_before", "urgency"), [(15, "ok"), (14, "urgent"), (0, "urgent"), (-1, "lapsed")]
)
def test_deadline_urgency_turns_red_14_days_before_and_lapses_after(days_before, urgency):
    deadline = date(2026, 2, 28)
    assert rules.deadline_urgency(deadline, deadline - timedelta(days=days_before)) == urgency


# --- The subsidy of a claim: rate × wage costs, capped by the monthly maximum ---


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 7, 1), date(2025, 7, 31), Decimal(1)),
        (date(2025, 7, 1), date(2025, 9, 30), Decimal(3)),
        (date(2025, 1, 15), date(2025, 2, 14), Decimal(1)),
        (date(2025, 7, 1), date(2025, 7, 15), Decimal(15) / Decimal(31)),
        (date(2025, 7, 1), date(2025, 8, 15), Decimal(1) + Decimal(15) / Decimal(31)),
    ],
)
def test_months_in_period(start, end, months):
    assert rules.months_in_period(start, end) == months


def _calc(wages, rate="70", maximum="1400", start=date(2025, 7, 1), end=date(2025, 7, 31)):
    return rules.subsidy_amount(
        wages=Decimal(wages),
        rate_percent=Decimal(rate),
        monthly_maximum=Decimal(maximum),
        start=start,
        end=end,
    )


def test_subsidy_below_the_cap_is_rate_times_wages():
    result = _calc("1500.00")
    assert (result.gross, result.cap, result.amount, result.capped) == (
        Decimal("1050.00"),
        Decimal("1400.00"),
        Decimal("1050.00"),
        False,
    )


def test_subsidy_exactly_at_the_cap_is_not_capped():
    result = _calc("2000.00")
    assert result.amount == Decimal("1400.00") and not result.capped


def test_subsidy_above_the_cap_is_capped():
    result = _calc("2000.01")
    assert result.gross == Decimal("1400.01")
    assert result.amount == Decimal("1400.00") and result.capped


def test_cap_of_a_three_month_period_is_three_monthly_maximums():
    result = _calc("9000.00", start=date(2025, 7, 1), end=date(2025, 9, 30))
    assert result.cap == Decimal("4200.00") and result.amount == Decimal("4200.00")


def test_cap_of_a_part_month_counts_its_days():
    result = _calc("3000.00", start=date(2025, 7, 1), end=date(2025, 7, 15))
    assert result.cap == Decimal("677.42")  # 1 400 € × 15/31
    assert result.amount == Decimal("677.42")


def test_subsidy_rounds_to_cents_half_up():
    assert _calc("1000.05", rate="50").amount == Decimal("500.03")


def test_the_calculation_is_explained_in_finnish():
    with translation.override("fi"):
        text = _calc("3000.00").explanation
    assert "2\xa0100,00\xa0€" in text and "1\xa0400,00\xa0€" in text and "70 %" in text


def test_negative_wages_are_refused():
    with pytest.raises(ValueError):
        _calc("-1.00")


def test_exceeds_months():
    assert not rules.exceeds_months(date(2025, 1, 1), date(2025, 12, 31), 12)
    assert rules.exceeds_months(date(2025, 1, 1), date(2026, 1, 1), 12)
    assert not rules.exceeds_months(date(2025, 1, 1), date(2030, 1, 1), None)
