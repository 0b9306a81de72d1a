"""The client's main-income choices by date (docs/domain.md § 6.1, § 8): yleistuki from 1.5.2026; records keep
theirs."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from clients.forms import ClientForm
from clients.models import Client
from clients.rules import income_of_benefit, main_income_choices
from tests.factories import ClientFactory

LAST_DAY, FIRST_DAY = date(2026, 4, 30), date(2026, 5, 1)


def values(on, current=None):
    return [value for value, _label in main_income_choices(on, current)]


def test_the_day_before_the_change_offers_the_labour_market_subsidy_not_yleistuki():
    assert values(LAST_DAY) == ["unemployment_benefit", "labour_market_subsidy", "income_support", "other"]
    assert str(dict(main_income_choices(LAST_DAY))["unemployment_benefit"]) == "Työttömyyspäiväraha"


def test_from_the_first_of_may_2026_yleistuki_replaces_the_labour_market_subsidy_and_basic_allowance():
    assert values(FIRST_DAY) == ["unemployment_benefit", "general_support", "income_support", "other"]
    assert str(dict(main_income_choices(FIRST_DAY))["unemployment_benefit"]) == "Ansiopäiväraha"
    assert values(date(2024, 1, 1)) == values(LAST_DAY)


def test_a_record_keeps_its_value_after_the_change():
    assert values(FIRST_DAY, current="labour_market_subsidy")[-1] == "labour_market_subsidy"
    assert values(FIRST_DAY, current="general_support") == values(FIRST_DAY)


@pytest.mark.parametrize(("benefit", "on", "income"), [
    ("yleistuki", FIRST_DAY, "general_support"),
    ("YLEISTUKI", LAST_DAY, "general_support"),  # the name says what it is, whatever the month
    ("allmänt stöd", FIRST_DAY, "general_support"),
    ("työmarkkinatuki", FIRST_DAY, "labour_market_subsidy"),
    ("arbetsmarknadsstöd", LAST_DAY, "labour_market_subsidy"),
    ("peruspäiväraha", LAST_DAY, "unemployment_benefit"),
    ("ansiopäiväraha", FIRST_DAY, "unemployment_benefit"),
    ("", LAST_DAY, "labour_market_subsidy"),
    ("", FIRST_DAY, "general_support"),
])
def test_the_benefit_on_kelas_list_as_a_main_income(benefit, on, income):
    assert income_of_benefit(benefit, on) == income


@pytest.mark.django_db
def test_the_form_for_a_date_offers_that_dates_choices():
    before = ClientForm(on=LAST_DAY)
    after = ClientForm(on=FIRST_DAY)
    assert "labour_market_subsidy" in dict(before.fields["main_income"].choices)
    assert "general_support" not in dict(before.fields["main_income"].choices)
    assert "labour_market_subsidy" not in dict(after.fields["main_income"].choices)
    assert after.initial["main_income"] == "general_support"  # not the model's old default


@pytest.mark.django_db
def test_a_new_client_today_cannot_get_the_labour_market_subsidy_but_can_get_yleistuki(coach, login, time_machine):
    time_machine.move_to(datetime(2026, 12, 5, 10, tzinfo=timezone.get_current_timezone()))
    data = {"national_id": "010594Y9021", "first_name": "Anna", "last_name": "Aho", "language": "fi"}
    http = login(coach)
    page = http.get("/clients/new/").content.decode()
    assert 'value="general_support" selected' in page and 'value="labour_market_subsidy"' not in page
    refused = http.post("/clients/new/", {**data, "main_income": "labour_market_subsidy"})
    assert refused.status_code == 200 and "main_income" in refused.context["form"].errors
    assert not Client.objects.exists()
    assert http.post("/clients/new/", {**data, "main_income": "general_support"}).status_code == 302
    assert Client.objects.get().main_income == "general_support"
    assert "Yleistuki" in http.get(Client.objects.get().get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_existing_client_keeps_and_shows_the_labour_market_subsidy(coach, login, time_machine):
    time_machine.move_to(datetime(2026, 12, 5, 10, tzinfo=timezone.get_current_timezone()))
    client = ClientFactory(responsible_worker=coach, main_income="labour_market_subsidy")
    page = login(coach).get(f"/clients/{client.pk}/edit/").content.decode()
    assert 'value="labour_market_subsidy" selected' in page and 'value="general_support"' in page


@pytest.mark.parametrize(("today", "income"), [(LAST_DAY, "labour_market_subsidy"), (FIRST_DAY, "general_support")])
def test_a_new_record_without_a_main_income_gets_the_basic_benefit_of_the_day(time_machine, today, income):
    time_machine.move_to(datetime(today.year, today.month, today.day, 12, tzinfo=timezone.get_current_timezone()))
    assert Client().main_income == income
