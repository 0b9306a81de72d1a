"""The social counsellor reads the review of a 2024, a 2025 and a 2026 month, each by the rule of its month:
2024 by the days paid before the payment period, 2025 with Kela's separate invoices and Kela's own percentages
(no band table entered), 2026 with yleistuki."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from joutsa_tyollisyys.demo import ensure_demo_users
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401
from tests.factories import ClientFactory

from .factories import EntryFactory, ShareListFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI"}


def test_the_review_of_each_model_as_the_social_counsellor_sees_it(page, live_server, log_in):  # noqa: F811
    ensure_demo_users()
    december = ShareListFactory(month=date(2024, 12, 1))
    EntryFactory(share_list=december, client=ClientFactory(last_name="Aalto", first_name="Aino"),
                 paid_days=310, days_in_month=20)
    EntryFactory(share_list=december, client=ClientFactory(last_name="Berg", first_name="Bo"),
                 paid_days=1020, days_in_month=20)
    both = ClientFactory(last_name="Carlsson", first_name="Cia")
    EntryFactory(share_list=ShareListFactory(month=date(2025, 1, 1), invoice="1/2"), client=both,
                 share_amount=Decimal("100.00"))
    EntryFactory(share_list=ShareListFactory(month=date(2025, 1, 1), invoice="2/2"), client=both,
                 benefit="ansiopäiväraha", share_percent=Decimal("20"), share_amount=Decimal("150.00"))
    EntryFactory(share_list=ShareListFactory(month=date(2026, 6, 1)), benefit="yleistuki",
                 share_percent=Decimal("30"), share_amount=Decimal("234.42"))

    log_in(page, "sosiaaliohjaaja")
    page.goto(f"{live_server.url}/payment-share/?month=2024-12")
    page.get_by_role("heading", name="Maksuosuuslista: 12/2024").wait_for()
    rule = page.locator("#rule-set")
    expect(rule).to_contain_text("Työmarkkinatuen kuntaosuus")
    expect(rule).to_contain_text("300 päivästä alkaen 50 %")
    aalto = page.get_by_role("row", name="Aalto Aino")
    expect(aalto.locator("td").nth(4)).to_have_text("0 %")  # 290 days before the period: still the state's
    expect(aalto.locator("td").nth(5)).to_have_text("ensi kuussa")
    expect(page.get_by_role("row", name="Berg Bo").locator("td").nth(4)).to_have_text("70 %")
    expect(page.locator("#kela-percentages")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/payment-share/?month=2025-01")
    expect(page.locator("#figure-persons")).to_have_text("1")  # one person on two invoices
    expect(page.locator("#figure-total")).to_have_text("250,00 €")
    expect(page.locator("#month-invoices")).to_contain_text("2 erillistä laskua")
    expect(page.locator("#kela-percentages")).to_contain_text("Kelan omia")
    expect(page.locator("#rule-set")).to_contain_text("101 maksetusta päivästä")
    assert_accessible(page)

    page.goto(f"{live_server.url}/payment-share/?month=2026-06")
    expect(page.locator("#by-benefit")).to_contain_text("Yleistuki 1 henkilö")
    expect(page.get_by_role("table")).to_contain_text("30 % (lista)")
