"""The municipal share bands with the law's numbers (docs/domain.md § 6.1)."""

from datetime import date
from decimal import Decimal

import pytest

from payment_share import rules
from payment_share.models import ShareRuleSet
from payment_share.rules import Band
from payment_share.selectors import bands_for_months, bands_on, rule_set_on

#: 1.1.2015–31.12.2024: state 100 % below 300 paid days, municipality 50 % from 300, 70 % from 1,000.
LAW_2015_2024 = [Band(0, Decimal("0")), Band(300, Decimal("50")), Band(1000, Decimal("70"))]


@pytest.mark.parametrize(
    ("cumulative", "in_month", "percent", "to_next"),
    [
        # docs/domain.md § 6.1: the band of a month is decided by the days paid before its payment period.
        (310, 20, 0, 0),  # 290 before: the period in which 300 was reached is still paid by the state
        (1000, 20, 50, 0),  # 980 before: 50 %; the next month is in the 70 % band
        (1020, 20, 70, None),  # 1,000 before: 70 %
        (319, 20, 0, 0),  # 299 before
        (320, 20, 50, 680),  # 300 before: 50 % from this period
        (299, 20, 0, 1),  # 279 before: one more paid day reaches 300
        (300, 0, 50, 700),  # nothing paid in the month: 300 before
        (300, None, 50, 700),  # a list without the days of the month: the cumulative days
        (1019, 20, 50, 0),  # 999 before
        (0, 0, 0, 300),
        (10, 20, 0, 290),  # never below zero days before
    ],
)
def test_band_of_a_month_by_the_days_before_its_payment_period(cumulative, in_month, percent, to_next):
    assert rules.band_of_month(cumulative, in_month, LAW_2015_2024).municipal_percent == percent
    assert rules.days_to_next_band(cumulative, in_month, LAW_2015_2024) == to_next


@pytest.mark.parametrize(("days", "percent"), [(0, 0), (299, 0), (300, 50), (999, 50), (1000, 70), (1001, 70)])
def test_a_band_applies_from_its_days_on(days, percent):
    assert rules.band_for(days, LAW_2015_2024).municipal_percent == percent


def test_the_order_of_the_table_does_not_matter():
    shuffled = [LAW_2015_2024[2], LAW_2015_2024[0], LAW_2015_2024[1]]
    assert rules.band_for(300, shuffled).municipal_percent == 50
    assert rules.next_band(300, shuffled).min_days == 1000


def test_below_the_first_band_and_without_a_table_there_is_no_band():
    bands_2025 = [Band(101, Decimal("10")), Band(200, Decimal("20"))]
    assert rules.band_of_month(120, 20, bands_2025) is None  # 100 before: below 101
    assert rules.band_of_month(121, 20, bands_2025).municipal_percent == 10  # 101 before
    assert rules.days_to_next_band(100, 20, bands_2025) == 1
    assert rules.band_of_month(500, 20, []) is None
    assert rules.days_to_next_band(500, 20, []) is None


def test_approach_ranges_give_the_lowest_cumulative_days_and_the_band_start():
    assert rules.approach_ranges(30, LAW_2015_2024) == [(270, 300), (970, 1000)]
    assert rules.approach_ranges(500, LAW_2015_2024) == [(0, 300), (500, 1000)]
    assert rules.approach_ranges(0, LAW_2015_2024) == []


def test_months_and_quarters():
    assert rules.add_months(date(2024, 11, 1), 3) == date(2025, 2, 1)
    assert rules.add_months(date(2024, 1, 1), -1) == date(2023, 12, 1)
    assert rules.quarter_of(date(2024, 3, 1)) == (2024, 1)
    assert rules.quarter_of(date(2024, 10, 1)) == (2024, 4)
    assert rules.quarter_start(2024, 4) == date(2024, 10, 1)
    assert rules.percent(1, 3) == 33 and rules.percent(2, 2) == 100 and rules.percent(0, 0) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("month", "name", "all_benefits", "billed_from"),
    [
        (date(2014, 12, 1), None, None, None),
        (date(2015, 1, 1), "Työmarkkinatuen kuntaosuus", False, 300),
        (date(2024, 12, 1), "Työmarkkinatuen kuntaosuus", False, 300),
        (date(2025, 1, 1), "Työttömyysetuuksien kuntaosuus (TE24)", True, 101),
        (date(2026, 12, 1), "Työttömyysetuuksien kuntaosuus (TE24)", True, 101),
    ],
)
def test_the_model_in_force_is_looked_up_by_the_month(month, name, all_benefits, billed_from):
    rule_set = rule_set_on(month)
    if name is None:
        assert rule_set is None
    else:
        assert (rule_set.name, rule_set.all_benefits, rule_set.billed_from_days) == (name, all_benefits, billed_from)


@pytest.mark.django_db
def test_the_model_in_force_is_data_an_admin_can_change():
    ShareRuleSet.objects.filter(valid_from=date(2025, 1, 1)).update(billed_from_days=120)
    assert rule_set_on(date(2025, 6, 1)).billed_from_days == 120
    assert ShareRuleSet.history.count() >= 2  # seeded with history rows


@pytest.mark.django_db
def test_the_migration_seeds_the_2015_2024_rule_and_leaves_2025_to_the_admin():
    assert bands_on(date(2015, 1, 1)) == LAW_2015_2024
    assert bands_on(date(2024, 12, 1)) == LAW_2015_2024
    assert bands_on(date(2014, 12, 1)) == []
    assert bands_on(date(2025, 1, 1)) == []
    assert bands_for_months([date(2024, 12, 1), date(2025, 1, 1)]) == {
        date(2024, 12, 1): LAW_2015_2024,
        date(2025, 1, 1): [],
    }
