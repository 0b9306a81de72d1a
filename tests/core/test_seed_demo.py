import io

import pytest
from django.core.management import call_command

from clients import national_id as nid
from clients.models import Client, Meeting
from joutsa_tyollisyys.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_municipality_with_temporary_ids_and_is_idempotent():
    out = io.StringIO()
    call_command("seed_demo", clients=120, stdout=out)
    # The e-mails the demo's events send are listed after the data, saying what they are.
    assert "notification e-mails the demo events sent (not delivered): " in out.getvalue()
    count = Client.objects.count()
    assert count >= 120  # the payment-share lists add persons not yet met as new clients
    assert all(nid.parse(c.national_id).is_temporary for c in Client.objects.all())
    assert Meeting.objects.filter(status="held").exists() and Meeting.objects.filter(status="planned").exists()
    from django.contrib.auth.models import Group

    for role in Role:
        assert Group.objects.get(name=role.value).user_set.exists(), role
    call_command("seed_demo", clients=120)
    assert Client.objects.count() == count


def test_a_city_scale_builds_the_numbers_it_names():
    """``--scale large`` in miniature: the same builders, with the totals given in the scale."""
    import random
    from datetime import timedelta

    from django.apps import apps
    from django.utils import timezone

    from joutsa_tyollisyys.demo import DemoContext, Scale, ensure_demo_users
    from payment_share.models import PaymentShareList
    from rehab_work.models import RehabAgreement
    from reporting.models import MonthlyReport

    scale = Scale(clients=460, meetings=4000, rehab_agreements=90, list_rows=60, reports=2, city=True)
    ctx = DemoContext(rng=random.Random(5), today=timezone.localdate(), users=ensure_demo_users(), scale=scale)
    for label in ("clients", "activation", "rehab_work", "payment_share", "reporting"):
        __import__(f"{apps.get_app_config(label).name}.demo", fromlist=["seed"]).seed(ctx)

    assert len(ctx.coaches) == 2 and Client.objects.filter(responsible_worker__in=ctx.coaches).count() > 100
    planned = Meeting.objects.filter(status="planned").count()
    assert 0.85 * 4000 < Meeting.objects.count() - planned < 1.15 * 4000
    assert RehabAgreement.objects.count() == 90
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    in_force = RehabAgreement.objects.filter(client__responsible_worker__username="valmentaja", status="signed",
                                             start_date__lte=monday, end_date__gte=monday)
    assert in_force.count() >= 20  # the benchmark's attendance grid
    sizes = list(PaymentShareList.objects.values_list("person_count", flat=True))
    months = set(PaymentShareList.objects.values_list("month", flat=True))
    # 24 months; January 2025 came as two invoices in the transition to the 2025 model (docs/domain.md § 6.1).
    assert len(months) == 24 and len(sizes) == 25 and 30 < sum(sizes) / 24 < 90
    assert MonthlyReport.objects.filter(status="final").count() == 2
