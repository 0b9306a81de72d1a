from datetime import date
from decimal import Decimal

from reporting import rules


def test_month_arithmetic_across_years():
    assert rules.add_months(date(2024, 1, 1), -1) == date(2023, 12, 1)
    assert rules.add_months(date(2023, 12, 1), 1) == date(2024, 1, 1)
    assert rules.month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert rules.previous_month(date(2024, 1, 5)) == date(2023, 12, 1)


def test_trend_covers_13_months_ending_with_the_report_month():
    months = rules.trend_months(date(2024, 3, 1))
    assert len(months) == 13 and months[0] == date(2023, 3, 1) and months[-1] == date(2024, 3, 1)
    assert rules.year_to_date_months(date(2024, 3, 1)) == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def test_aggregates_skip_missing_values():
    assert rules.average([Decimal("10.5"), None, Decimal("11.5")]) == Decimal("11.0")
    assert rules.average([None]) is None
    assert rules.total([None, "1.50", 2]) == Decimal("3.50")
    assert rules.total([]) is None
    assert rules.percent(1, 3) == Decimal("33.3")
    assert rules.percent(1, 0) is None


def test_small_numbers_are_below_five():
    assert [rules.is_small(n) for n in (0, 1, 4, 5, 12)] == [True, True, True, False, False]
    assert rules.is_small(Decimal("4.9")) and not rules.is_small(None)
