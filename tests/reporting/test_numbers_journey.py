"""Issue 19, item 6: the coach types the month's money as Finns type it ("1 400,00 €") and it is accepted; a typo
gets a Finnish message beside its field that shows the expected form."""

import os
from decimal import Decimal

import pytest
from django.utils import timezone

from joutsa_tyollisyys.demo import ensure_demo_users
from reporting import rules
from reporting.models import MonthlyInputs
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR")


def test_coach_enters_money_as_finns_type_it(page, live_server, log_in):  # noqa: F811
    ensure_demo_users()
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "valmentaja")
    page.goto(f"{live_server.url}/reports/figures/")
    page.get_by_label("Työttömyysprosentti").fill("10,4")
    page.get_by_label("TyöVarikko: tulot €").fill("1\xa0400,00 €")
    page.get_by_label("TyöVarikko: menot €").fill("1 4OO,00")
    page.get_by_role("button", name="Tallenna").click()

    expenses = page.get_by_label("TyöVarikko: menot €")
    described = [page.locator(f"#{name}").inner_text() for name in expenses.get_attribute("aria-describedby").split()]
    assert any("Anna luku muodossa 1\xa0400,00." in text for text in described)  # beside the field, read out with it
    assert page.get_by_label("TyöVarikko: tulot €").input_value() == "1\xa0400,00 €"  # kept as typed
    assert not MonthlyInputs.objects.exists()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/numbers_error_fi.png")
    assert_accessible(page)

    expenses.fill("1 400")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(f"{live_server.url}/reports/")
    saved = MonthlyInputs.objects.get(month=rules.previous_month(timezone.localdate()))
    assert (saved.tyovarikko_income, saved.tyovarikko_expenses) == (1400, 1400)
    assert saved.unemployment_rate == Decimal("10.4")

    page.goto(f"{live_server.url}/reports/figures/")
    assert page.get_by_label("TyöVarikko: tulot €").input_value() == "1\xa0400,00"  # shown as Finns write it
    assert page.get_by_label("Työttömyysprosentti").input_value() == "10,4"

    page.context.add_cookies([{"name": "django_language", "value": "sv", "url": live_server.url}])
    page.goto(f"{live_server.url}/reports/figures/")
    income = page.locator("#id_workshop_income")
    income.fill("12 5OO €")
    income.press("Enter")
    message = page.locator(f"#{page.locator('#id_workshop_income').get_attribute('aria-describedby').split()[0]}")
    assert "Ange talet i formen 1\xa0400,00." in message.inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/numbers_error_sv.png")
