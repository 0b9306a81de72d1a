"""Issue 19, from the working group's seat: the monthly report's "current" figures are what was true at the end of
the report month, of the month before it and of the same month a year earlier, not today's count three times."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from clients.models import Client
from joutsa_tyollisyys.dates import add_months
from joutsa_tyollisyys.demo import ensure_demo_users
from reporting import rules
from reporting.models import MonthlyReport
from reporting.services import report_generate
from tests.browser.conftest import assert_accessible
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _clients(count, day):
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    Client.objects.bulk_create([ClientFactory.build(created_at=moment) for _ in range(count)])


def test_the_working_group_sees_each_month_as_it_was(page, live_server, log_in):
    ensure_demo_users()
    month = rules.previous_month(timezone.localdate())
    _clients(6, add_months(month, -13))  # clients for over a year
    _clients(5, add_months(month, -1).replace(day=15))  # since the middle of the previous month
    _clients(6, month.replace(day=10))  # since the report month
    _clients(1, add_months(month, 1))  # since the first day after it: not in the report
    report = report_generate(actor=None, month=month)
    MonthlyReport.objects.filter(pk=report.pk).update(status="final", finalised_at=timezone.now())

    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "tyoryhma")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    page.get_by_role("heading", name=f"Seurantaraportti {month:%m/%Y}").wait_for()
    row = page.locator("tr", has=page.get_by_text("Aktiivisia asiakkaita", exact=True)).first
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[:3] == ["17", "11", "6"], cells  # the month, the previous month, a year ago (today: 18)
    assert_accessible(page)


def test_the_payment_share_lists_contacts_are_counted_at_each_months_end(page, live_server, log_in):
    """A list from a year ago contacted a month later does not show as contacted in its month; this month's persons
    contacted on its last day count, those contacted on the next day do not; the page says the figures are as at
    each month's end."""
    from datetime import timedelta

    from tests.payment_share.factories import EntryFactory, ShareListFactory

    ensure_demo_users()
    month = rules.previous_month(timezone.localdate())
    last_day, year_ago = rules.month_end(month), add_months(month, -12)
    this_list, old_list = ShareListFactory(month=month), ShareListFactory(month=year_ago)
    for i in range(10):
        EntryFactory(share_list=this_list, contacted_on=last_day if i < 5 else last_day + timedelta(days=1))
        EntryFactory(share_list=old_list, contacted_on=add_months(year_ago, 1) + timedelta(days=3))
    report = report_generate(actor=None, month=month)
    MonthlyReport.objects.filter(pk=report.pk).update(status="final", finalised_at=timezone.now())

    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "tyoryhma")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    row = page.locator("tr", has=page.get_by_text("Maksuosuuslista: tavoitettu", exact=True)).first
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert (cells[0], cells[2]) == ("5", "< 5"), cells  # today: 10 and 10
    percent = page.locator("tr", has=page.get_by_text("Maksuosuuslista: tavoitettu %", exact=True)).first
    assert percent.locator("td").first.inner_text().strip() == "50,0\xa0%"
    assert "kuukauden lopun tilanteen mukaisia" in page.locator("#month-end-note").inner_text()
