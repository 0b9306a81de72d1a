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

    months = list(PaymentShareList.objects.order_by("month").values_list("month", flat=True))
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
