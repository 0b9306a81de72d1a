import random

import pytest
from django.utils import timezone

from clients import demo as clients_demo
from clients.models import Client
from joutsa_tyollisyys.demo import DemoContext, Scale, ensure_demo_users
from messaging import demo
from messaging.models import TextMessage

pytestmark = pytest.mark.django_db


def test_demo_texts_and_refusals():
    ctx = DemoContext(rng=random.Random(7), today=timezone.localdate(), users=ensure_demo_users())
    ctx.scale = Scale(clients=120)
    clients_demo.seed(ctx)
    demo.seed(ctx)
    statuses = set(TextMessage.objects.values_list("status", flat=True))
    assert {"delivered", "sent", "failed"} <= statuses and TextMessage.objects.count() >= 30
    refused = Client.objects.filter(text_messages_refused=True)
    assert refused.exists() and not TextMessage.objects.filter(client__in=refused).exists()
    assert TextMessage.objects.filter(created_by=ctx.users["valmentaja"]).exists()
