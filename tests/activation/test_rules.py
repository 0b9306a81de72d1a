"""The activation condition and rehabilitative-work limits at every boundary of law 189/2001."""

from datetime import date

import pytest
from django.utils import translation

from activation import rules
from joutsa_tyollisyys.law import law_on

ON = date(2026, 3, 1)


def condition(age, days_12m=0, days_total=0, months=0, on=ON):
    return rules.activation_condition(
        age=age, on=on, subsidy_days_12m=days_12m, subsidy_days_total=days_total, income_support_months=months
    )


@pytest.mark.parametrize(("days", "met"), [(179, False), (180, True), (181, True)])
def test_under_25_subsidy_days_in_12_months(days, met):
    result = condition(24, days_12m=days, days_total=days)
    assert result.met is met and result.young
    assert result.basis == (rules.Basis.SUBSIDY_DAYS if met else None)


def test_under_25_is_judged_on_the_12_months_not_the_total():
    assert not condition(22, days_12m=179, days_total=900).met


@pytest.mark.parametrize(("days", "met"), [(499, False), (500, True), (512, True)])
def test_25_and_over_subsidy_days_in_total(days, met):
    result = condition(25, days_12m=0, days_total=days)
    assert result.met is met and not result.young


def test_180_days_are_not_enough_from_the_25th_birthday():
    assert condition(24, days_12m=300, days_total=300).met
    assert not condition(25, days_12m=300, days_total=300).met


@pytest.mark.parametrize(("months", "met"), [(3, False), (4, True)])
def test_under_25_income_support_months(months, met):
    result = condition(18, months=months)
    assert result.met is met
    assert result.basis == (rules.Basis.INCOME_SUPPORT if met else None)


@pytest.mark.parametrize(("months", "met"), [(4, False), (11, False), (12, True)])
def test_25_and_over_income_support_months(months, met):
    assert condition(40, months=months).met is met


def test_age_on_the_25th_birthday_switches_to_the_adult_limits():
    birth = date(2001, 3, 1)
    assert rules.age_on(birth, date(2026, 2, 28)) == 24
    assert rules.age_on(birth, date(2026, 3, 1)) == 25
    young = condition(rules.age_on(birth, date(2026, 2, 28)), months=4)
    adult = condition(rules.age_on(birth, date(2026, 3, 1)), months=4)
    assert young.met and not adult.met


def test_leap_day_birthday():
    assert rules.age_on(date(2004, 2, 29), date(2029, 2, 28)) == 24
    assert rules.age_on(date(2004, 2, 29), date(2029, 3, 1)) == 25


def test_explanation_in_finnish_names_the_figure_and_the_limit():
    with translation.override("fi"):
        assert (
            condition(40, days_total=512).explanation
            == "Ehto täyttyy: työmarkkinatukea 512 päivää (raja 500)"
        )
        young = condition(20, days_12m=190).explanation
        assert "190" in young and "180" in young and "12 kuukauden" in young
        assert condition(40, months=12).explanation.startswith("Ehto täyttyy: toimeentulotukea")
        assert condition(40, days_total=499, months=3).explanation.startswith("Ehto ei täyty")


def test_explanation_in_swedish():
    with translation.override("sv"):
        assert condition(40, days_total=512).explanation.startswith("Villkoret uppfylls")


def test_negative_figures_are_refused():
    with pytest.raises(ValueError):
        condition(30, days_total=-1)


def test_limits_know_their_effective_dates():
    with pytest.raises(LookupError):
        rules.condition_limits_on(date(2001, 8, 31))
    assert rules.condition_limits_on(date(2001, 9, 1)).adult_subsidy_days == 500


@pytest.mark.parametrize(
    ("benefit", "support", "on", "expected"),
    [
        (False, True, date(2024, 6, 1), rules.Starter.MUNICIPALITY),
        (True, False, date(2024, 12, 31), rules.Starter.TE_OFFICE),
        (True, False, date(2025, 1, 1), rules.Starter.EMPLOYMENT_AUTHORITY),
        (True, True, date(2024, 6, 1), rules.Starter.TE_OFFICE),  # the benefit first when both
        (False, False, date(2024, 6, 1), None),
    ],
)
@pytest.mark.django_db
def test_who_starts_the_process(benefit, support, on, expected):
    """TE24's date comes from the law rule set (seeded 1.1.2025), on both sides of it."""
    authority = law_on(on).employment_authority
    assert rules.process_starter(unemployment_benefit=benefit, income_support=support,
                                 employment_authority=authority) == expected


def rehab(hours=4, days=3, months=6, on=ON):
    return rules.rehab_row_errors(hours_per_day=hours, days_per_week=days, length_months=months, starts_on=on)


@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (4, True), (5, False)])
def test_rehab_days_a_week_since_july_2015(days, ok):
    assert ("days_per_week" not in rehab(days=days)) is ok


def test_rehab_five_days_a_week_were_allowed_before_july_2015():
    assert "days_per_week" not in rehab(days=5, on=date(2015, 6, 30))
    assert "days_per_week" in rehab(days=5, on=date(2015, 7, 1))


@pytest.mark.parametrize(("hours", "ok"), [(3.5, False), (4, True), (8, True), (8.5, False)])
def test_rehab_hours_a_day(hours, ok):
    assert ("hours_per_day" not in rehab(hours=hours)) is ok


@pytest.mark.parametrize(("months", "ok"), [(2, False), (3, True), (24, True), (25, False)])
def test_rehab_period_length(months, ok):
    assert ("length_months" not in rehab(months=months)) is ok


def test_rehab_error_is_a_finnish_sentence():
    with translation.override("fi"):
        assert rehab(days=5)["days_per_week"] == [
            "Kuntouttavaa työtoimintaa järjestetään 1–4 päivänä viikossa."
        ]
