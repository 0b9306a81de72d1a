"""One date-effective lookup (joutsa_tyollisyys.rates), the rate tables' end-after-start constraint and a new
rate ending the open row."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from joutsa_tyollisyys import rates
from obligation_employment.models import WageSubsidyRate
from rehab_work.models import CompensationRate, ExpenseAllowanceRate


@dataclass
class Row:
    valid_from: date | None
    valid_to: date | None
    name: str = ""


OLD = Row(date(2015, 1, 1), date(2025, 12, 31), "old")
NEW = Row(date(2026, 1, 1), None, "new")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2014, 12, 31), None),  # before the first row
        (date(2015, 1, 1), "old"),  # its first day
        (date(2025, 12, 31), "old"),  # its last day
        (date(2026, 1, 1), "new"),  # the next row's first day
        (date(2099, 1, 1), "new"),  # an open row has no end
    ],
)
def test_row_on_both_sides_of_the_dates(day, expected):
    row = rates.row_on([OLD, NEW], day)
    assert (row and row.name) == expected


def test_an_empty_start_has_always_been_valid_and_the_latest_started_wins_an_overlap():
    always = Row(None, None, "always")
    assert rates.in_force(always, date(1900, 1, 1))
    assert rates.row_on([NEW, Row(date(2026, 6, 1), None, "later")], date(2026, 7, 1)).name == "later"
    assert rates.rows_on([OLD, NEW, always], date(2026, 1, 1)) == [NEW, always]


@pytest.mark.django_db
def test_rate_rows_are_the_rows_valid_on_some_day_of_the_period():
    CompensationRate.objects.all().delete()
    old = CompensationRate.objects.create(valid_from=OLD.valid_from, valid_to=OLD.valid_to, amount_per_day=10)
    new = CompensationRate.objects.create(valid_from=NEW.valid_from, amount_per_day=11)
    between = rates.rate_rows(CompensationRate.objects, date(2025, 12, 1), date(2025, 12, 31))
    assert list(between) == [old]
    assert set(CompensationRate.objects.valid_during(date(2025, 12, 31), date(2026, 1, 1))) == {old, new}
    assert list(CompensationRate.objects.valid_during(date(2014, 1, 1), date(2014, 12, 31))) == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", [CompensationRate, ExpenseAllowanceRate])
def test_the_database_refuses_an_end_before_the_start(model):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(valid_from=date(2030, 1, 2), valid_to=date(2030, 1, 1), amount_per_day=1)
    model.objects.create(valid_from=date(2030, 1, 2), valid_to=date(2030, 1, 2), amount_per_day=1)  # one day


@pytest.mark.django_db
def test_an_end_before_the_start_is_a_finnish_message_beside_the_end():
    rate = ExpenseAllowanceRate(valid_from=date(2030, 1, 2), valid_to=date(2030, 1, 1), amount_per_day=1)
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert error.value.message_dict == {"valid_to": ["Voimassaolon loppu ei voi olla ennen sen alkua."]}


@pytest.mark.django_db
def test_a_new_rate_ends_the_open_row_on_the_day_before():
    open_row = CompensationRate.objects.get(valid_to__isnull=True)
    new = CompensationRate(valid_from=date(2030, 3, 1), amount_per_day=Decimal("12.00"))
    new.full_clean()  # the open row is no overlap: it will end
    new.save()
    open_row.refresh_from_db()
    assert open_row.valid_to == date(2030, 2, 28)
    assert CompensationRate.rate_on(date(2030, 2, 28)) == open_row
    assert CompensationRate.rate_on(date(2030, 3, 1)) == new


@pytest.mark.django_db
def test_a_new_rate_ends_only_its_own_series_and_not_an_earlier_start():
    wage = {r.category: r for r in WageSubsidyRate.objects.filter(valid_to__isnull=True)}
    first, other = sorted(wage)[:2]
    WageSubsidyRate.objects.create(category=first, valid_from=date(2030, 1, 1), percent=50)
    assert WageSubsidyRate.objects.get(pk=wage[first].pk).valid_to == date(2029, 12, 31)
    assert WageSubsidyRate.objects.get(pk=wage[other].pk).valid_to is None

    before = WageSubsidyRate(category=other, valid_from=wage[other].valid_from, percent=50)
    with pytest.raises(ValidationError):  # starting on (or before) the open row's start overlaps it
        before.full_clean()
    assert WageSubsidyRate.objects.get(pk=wage[other].pk).valid_to is None


@pytest.mark.django_db
def test_editing_a_row_ends_no_other_row():
    open_row = CompensationRate.objects.get(valid_to__isnull=True)
    earlier = CompensationRate.objects.create(
        valid_from=date(2000, 1, 1), valid_to=date(2000, 12, 31), amount_per_day=1
    )
    earlier.amount_per_day = 2
    earlier.save()
    open_row.refresh_from_db()
    assert open_row.valid_to is None


@pytest.mark.django_db
def test_adding_a_rate_in_the_admin_ends_the_open_row_and_says_so(make_user, login):
    from joutsa_tyollisyys.roles import Role

    http = login(make_user(Role.ADMIN, username="admin", is_staff=True))
    open_row = ExpenseAllowanceRate.objects.get(valid_to__isnull=True)
    with translation.override("fi"):
        response = http.post(
            "/admin/rehab_work/expenseallowancerate/add/",
            {"amount_per_day": "9,50", "valid_from": "01.03.2030", "valid_to": ""},
            follow=True,
        )
    assert response.status_code == 200
    open_row.refresh_from_db()
    assert open_row.valid_to == date(2030, 2, 28)
    assert ExpenseAllowanceRate.rate_on(date(2030, 3, 1)).amount_per_day == Decimal("9.50")
    html = response.content.decode()
    assert "päättyy nyt 28.02.2030" in html and "9,00\xa0€ (01.01.2015–)" in html  # the row in words: 9,00 €
