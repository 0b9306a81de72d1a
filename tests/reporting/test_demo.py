import random

import pytest
from django.utils import timezone

from joutsa_tyollisyys.demo import DemoContext, ensure_demo_users
from joutsa_tyollisyys.models import Notification
from reporting import demo, rules
from reporting.models import MonthlyInputs, MonthlyReport

pytestmark = pytest.mark.django_db


def test_demo_makes_final_reports_for_the_past_13_months():
    ctx = DemoContext(rng=random.Random(1), today=timezone.localdate(), users=ensure_demo_users())
    demo.seed(ctx)
    months = rules.trend_months(rules.previous_month(ctx.today))
    assert list(MonthlyReport.objects.order_by("month").values_list("month", "status")) == [
        (m, "final") for m in months
    ]
    assert MonthlyInputs.objects.count() == 13
    assert Notification.objects.filter(recipient=ctx.users["tyoryhma"]).count() == 1  # the latest only
