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


def test_demo_plans_follow_the_law_of_their_start_day():
    """After the activation reform (seeded 1.1.2026) a benefit recipient's plan is a multi-agency plan and
    only income-support clients wait for an activation plan."""
    ctx = DemoContext(rng=random.Random(7), today=timezone.localdate(), users=ensure_demo_users())
    ctx.scale = Scale(clients=120)
    clients_demo.seed(ctx)
    demo.seed(ctx)
    benefits = ("unemployment_benefit", "labour_market_subsidy", "general_support")
    after = ActivationPlan.objects.filter(starts_on__gte="2026-01-01", client__main_income__in=benefits)
    assert after.exists() and not after.filter(kind="activation").exists()
    assert ActivationPlan.objects.exclude(rehab_goal="").count() == ActivationPlan.objects.count()
    for entry in selectors.clients_meeting_condition_without_plan(ctx.users["valmentaja"]):
        assert entry.client.main_income not in benefits
