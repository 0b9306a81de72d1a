import random

import pytest
from django.utils import timezone

from activation import demo, selectors
from activation.models import ActivationPlan
from clients import demo as clients_demo
from joutsa_tyollisyys.demo import DemoContext, Scale, ensure_demo_users

pytestmark = pytest.mark.django_db


def test_demo_gives_valmentaja_a_work_queue_and_reviews_due():
    ctx = DemoContext(rng=random.Random(7), today=timezone.localdate(), users=ensure_demo_users())
    ctx.scale = Scale(clients=120)
    clients_demo.seed(ctx)
    demo.seed(ctx)
    valmentaja = ctx.users["valmentaja"]
    assert len(selectors.clients_meeting_condition_without_plan(valmentaja)) >= 4
    due = list(selectors.reviews_due(valmentaja))
    assert len(due) >= 3 and any(p.review_by < ctx.today for p in due)
    assert selectors.plans_in_force_count(ctx.today) > 5
    assert ActivationPlan.objects.filter(kind="multi_agency").exists()
    for plan in ActivationPlan.objects.filter(status="agreed").prefetch_related("tasks"):
        assert plan.tasks.all(), "every plan has at least one task"
        assert plan.review_by > plan.starts_on
