"""One way to count months (150/1930) and the law in force by date (docs/domain.md § 8)."""

from datetime import date

import pytest

from joutsa_tyollisyys.dates import add_months, month_end, month_start, period_last_day
from joutsa_tyollisyys.law import in_force, law_on
from joutsa_tyollisyys.models import LawRuleSet
from obligation_employment import rules as obligation_rules
from rehab_work import rules as rehab_rules


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # no 31.2.: the month's last day
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 1), 1, date(2026, 1, 1)),  # over the year end
    ],
)
def test_add_months_by_the_act_on_time_limits(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (date(2025, 1, 1), 3, date(2025, 3, 31)),
        (date(2025, 1, 15), 1, date(2025, 2, 14)),
        (date(2025, 1, 28), 1, date(2025, 2, 27)),  # 28.2. exists: the day before it
        (date(2025, 1, 29), 1, date(2025, 2, 28)),  # no 29.2.: February's last day
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 2, 1), 1, date(2025, 2, 28)),
        (date(2025, 3, 1), 1, date(2025, 3, 31)),
    ],
)
def test_period_last_day(start, months, last):
    assert period_last_day(start, months) == last


def test_a_period_starting_31_january_ends_on_the_same_day_in_rehab_work_and_wage_subsidy():
    """Before: the rehab period ended on 27.2. (add_months − 1 day), the wage-subsidy period on 28.2."""
    start = date(2025, 1, 31)
    assert obligation_rules.period_end(start, 1) == date(2025, 2, 28)
    assert rehab_rules.earliest_end(start) == period_last_day(start, 3) == date(2025, 4, 30)
    assert rehab_rules.earliest_end(date(2024, 11, 30)) == obligation_rules.period_end(date(2024, 11, 30), 3)


def test_month_helpers():
    assert month_start(date(2025, 1, 31), 1) == date(2025, 2, 1)
    assert month_start(date(2025, 1, 31), -1) == date(2024, 12, 1)
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    with pytest.raises(ValueError):
        period_last_day(date(2025, 1, 1), 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "authority", "services_act", "multi_agency_act", "reform"),
    [
        (date(2024, 12, 31), False, "916/2012", "1369/2014", False),
        (date(2025, 1, 1), True, "380/2023", "381/2023", False),
        (date(2025, 12, 31), True, "380/2023", "381/2023", False),
        (date(2026, 1, 1), True, "380/2023", "381/2023", True),
    ],
)
def test_seeded_law_on_both_sides_of_te24_and_the_reform(day, authority, services_act, multi_agency_act, reform):
    law = law_on(day)
    assert law.employment_authority is authority
    assert (law.services_act, law.multi_agency_act) == (services_act, multi_agency_act)
    assert law.activation_income_support_only is reform


@pytest.mark.django_db
def test_admin_moves_the_reform_date_and_the_lookup_follows_with_history():
    assert law_on(date(2026, 2, 1)).activation_income_support_only
    row = LawRuleSet.objects.get(activation_income_support_only=True)
    row.valid_from = date(2026, 3, 1)
    row.save()
    assert not law_on(date(2026, 2, 28)).activation_income_support_only
    assert law_on(date(2026, 3, 1)).activation_income_support_only
    assert row.history.first().valid_from == date(2026, 3, 1)  # the change is in its history


def test_in_force_needs_a_started_row():
    class Row:
        def __init__(self, day):
            self.valid_from = day

    rows = [Row(date(2025, 1, 1)), Row(date(2026, 1, 1))]
    assert in_force(rows, date(2025, 12, 31)) is rows[0]
    with pytest.raises(LookupError):
        in_force(rows, date(2024, 12, 31))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 1), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2024, 3, 31), (date(2024, 2, 1), date(2024, 2, 29))),  # leap year
        (date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),  # over the year end
    ],
)
def test_previous_month(day, expected):
    from joutsa_tyollisyys.dates import previous_month

    assert previous_month(day) == expected


def test_age_and_birthday_one_way_in_every_app():
    from activation import rules as activation_rules
    from clients import national_id
    from joutsa_tyollisyys import dates
    from workshop import rules as workshop_rules

    assert activation_rules.age_on is workshop_rules.age_on is obligation_rules.age_on is dates.age_on
    assert national_id.age_on is dates.age_on and obligation_rules.birthday is dates.birthday
    leap = date(2004, 2, 29)
    assert dates.birthday(leap, 21) == date(2025, 3, 1) and dates.birthday(leap, 20) == date(2024, 2, 29)
    assert dates.age_on(leap, date(2025, 2, 28)) == 20 and dates.age_on(leap, date(2025, 3, 1)) == 21
    assert dates.age_on(date(2000, 6, 15), date(2025, 6, 14)) == 24
    assert dates.age_on(date(2000, 6, 15), date(2025, 6, 15)) == 25
