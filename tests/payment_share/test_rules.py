"""The municipal share bands with the law's numbers (DOMAIN.md § 6.1)."""

from datetime import date
from decimal import Decimal

import pytest

from payment_share import rules
from payment_share.rules import Band
from payment_share.selectors import bands_for_months, bands_on

#: 1.1.2015–31.12.2024: state 100 % below 300 paid days, municipality 50 % from 300, 70 % from 1,000.
LAW_2015_2024 = [Band(0, Decimal("0")), Band(300, Decimal("50")), Band(1000, Decimal("70"))]


@pytest.mark.parametrize(
    ("days", "percent", "to_next"),
    [
        (0, 0, 300),
        (299, 0, 1),
        (300, 50, 700),
        (301, 50, 699),
        (999, 50, 1),
        (1000, 70, None),
        (1001, 70, None),
    ],
)
def test_band_and_days_to_next_band_at_the_boundaries(days, percent, to_next):
    assert rules.band_for(days, LAW_2015_2024).municipal_percent == percent
    assert rules.days_to_next_band(days, LAW_2015_2024) == to_next


def test_the_order_of_the_table_does_not_matter():
    shuffled = [LAW_2015_2024[2], LAW_2015_2024[0], LAW_2015_2024[1]]
    assert rules.band_for(300, shuffled).municipal_percent == 50
    assert rules.next_band(300, shuffled).min_days == 1000


def test_below_the_first_band_and_without_a_table_there_is_no_band():
    bands_2025 = [Band(101, Decimal("10")), Band(200, Decimal("20"))]
    assert rules.band_for(100, bands_2025) is None
    assert rules.days_to_next_band(100, bands_2025) == 1
    assert rules.band_for(500, []) is None
    assert rules.days_to_next_band(500, []) is None


def test_approach_ranges_cover_the_days_just_below_each_band():
    assert rules.approach_ranges(30, LAW_2015_2024) == [(270, 299), (970, 999)]
    assert rules.approach_ranges(500, LAW_2015_2024) == [(0, 299), (500, 999)]
    assert rules.approach_ranges(0, LAW_2015_2024) == []


def test_months_and_quarters():
    assert rules.add_months(date(2024, 11, 1), 3) == date(2025, 2, 1)
    assert rules.add_months(date(2024, 1, 1), -1) == date(2023, 12, 1)
    assert rules.quarter_of(date(2024, 3, 1)) == (2024, 1)
    assert rules.quarter_of(date(2024, 10, 1)) == (2024, 4)
    assert rules.quarter_start(2024, 4) == date(2024, 10, 1)
    assert rules.percent(1, 3) == 33 and rules.percent(2, 2) == 100 and rules.percent(0, 0) is None


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
