"""The demo data: 24 monthly lists with growing cumulative days, new persons from the list, reviews done."""

import random
from datetime import date

import pytest

from clients import demo as clients_demo
from clients.models import Client
from joutsa_tyollisyys.demo import DemoContext, Scale, ensure_demo_users
from payment_share import demo, selectors
from payment_share.models import PaymentShareEntry, PaymentShareList

pytestmark = pytest.mark.django_db


def test_demo_builds_two_years_of_plausible_lists():
    ctx = DemoContext(rng=random.Random(7), today=date(2026, 11, 23), users=ensure_demo_users())
    ctx.scale = Scale(clients=120)
    clients_demo.seed(ctx)
    before = Client.objects.count()
    demo.seed(ctx)

    months = selectors.imported_months()[::-1]
    assert len(months) == 24 and months[0] == date(2024, 10, 1) and months[-1] == date(2026, 9, 1)
    assert Client.objects.count() > before  # new persons from the list became clients
    assert all(int(c.national_id[7:10]) >= 900 for c in Client.objects.filter(status="new"))
    for client_id in PaymentShareEntry.objects.values_list("client_id", flat=True).distinct()[:30]:
        days = list(
            PaymentShareEntry.objects.filter(client_id=client_id)
            .order_by("month")
            .values_list("paid_days", flat=True)
        )
        assert days == sorted(days) and len(set(days)) == len(days)  # cumulative days only grow
    older = selectors.contacted_and_assigned(months[-3])
    latest = selectors.contacted_and_assigned(months[-1])
    assert older["contacted_percent"] > latest["contacted_percent"]
    assert older["contacted_percent"] >= 80
    assert latest["with_worker"] < latest["persons"]  # the latest review still has work to do
    assert len(selectors.quarterly_trend(8)) == 8


def _benefits(**filters):
    return set(PaymentShareEntry.objects.filter(**filters).values_list("benefit", flat=True))


def test_demo_lists_follow_the_rules_of_their_months():
    """2024: labour market subsidy only, in the bands of the days before the period; 1/2025 as Kela's two
    invoices; from 1/2025 all benefits from 101 days; from 5/2026 "yleistuki"; clients' main incomes after the
    change."""
    ctx = DemoContext(rng=random.Random(7), today=date(2026, 11, 23), users=ensure_demo_users())
    ctx.scale = Scale(clients=160)
    clients_demo.seed(ctx)
    incomes = set(Client.objects.values_list("main_income", flat=True))  # the demo's today is after 1.5.2026
    assert "general_support" in incomes and "labour_market_subsidy" not in incomes
    demo.seed(ctx)

    assert _benefits(month__lt=date(2025, 1, 1)) == {"työmarkkinatuki"}
    for entry in PaymentShareEntry.objects.filter(month__lt=date(2025, 1, 1)):
        before = entry.paid_days - entry.days_in_month
        assert (before >= 1000 and entry.share_percent == 70) or (300 <= before < 1000 and entry.share_percent == 50)
    january = PaymentShareList.objects.filter(month=date(2025, 1, 1))
    assert sorted(january.values_list("invoice", flat=True)) == ["1/2", "2/2"]
    totals = selectors.contacted_and_assigned(date(2025, 1, 1))
    assert totals["total"] == sum(lst.total_share for lst in january)
    assert totals["persons"] == sum(lst.person_count for lst in january)
    assert "ansiopäiväraha" in _benefits(month__gte=date(2025, 1, 1))
    new_model = PaymentShareEntry.objects.filter(month__gte=date(2025, 1, 1))
    assert min(e.paid_days - e.days_in_month for e in new_model) >= 101  # billed from 101 days before the period
    assert _benefits(month__gte=date(2026, 5, 1)) == {"yleistuki", "ansiopäiväraha"}
    assert "yleistuki" not in _benefits(month__lt=date(2026, 5, 1))
    # Persons new on a 2024 list keep the labour market subsidy they were created with.
    first_2024 = PaymentShareEntry.objects.filter(new_client=True, month__lt=date(2025, 1, 1)).values("client_id")
    assert set(Client.objects.filter(pk__in=first_2024).values_list("main_income", flat=True)) == {
        "labour_market_subsidy"}
