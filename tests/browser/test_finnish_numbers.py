"""Issue 19, from the office clerk's seat: a sum typed as "1 400,00 €" is accepted; a typo says what is expected."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from joutsa_tyollisyys.demo import ensure_demo_users
from tests.browser.conftest import assert_accessible
from tests.rehab_work.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_types_the_paid_amount_as_finns_do(page, live_server, log_in):
    ensure_demo_users()
    submitted = timezone.localdate() - timedelta(days=10)
    first = date(submitted.year, submitted.month, 1)
    claim = ClaimFactory(status="submitted", submitted_on=submitted, period_start=first - timedelta(days=40),
                         period_end=first - timedelta(days=13))
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "toimisto")
    page.goto(f"{live_server.url}/rehab/claims/{claim.pk}/paid/")
    page.get_by_label("Maksettu määrä (€)").fill("14OO,00")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Anna luku muodossa 1 400,00").wait_for()
    assert_accessible(page)
    page.get_by_label("Maksettu määrä (€)").fill("1 400,00 €")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Maksu kirjattu.").wait_for()
    assert page.get_by_text("1 400,00 €").first.is_visible()
