import random

import pytest
from django.utils import timezone

from clients import demo as clients_demo
from joutsa_tyollisyys.demo import DemoContext, Scale, ensure_demo_users
from rehab_work import demo, selectors
from rehab_work.enums import AgreementStatus
from rehab_work.models import Attendance, CompensationClaim, Placement, RehabAgreement

pytestmark = pytest.mark.django_db


def test_demo_has_joutsa_placements_agreements_in_every_state_and_a_paid_claim():
    ctx = DemoContext(rng=random.Random(2020), today=timezone.localdate(), users=ensure_demo_users())
    ctx.scale = Scale(clients=300)
    clients_demo.seed(ctx)
    demo.seed(ctx)
    names = set(Placement.objects.values_list("name", flat=True))
    assert {
        "TyöVarikko",
        "Nuorten työpaja",
        "Joutsan kirjasto",
        "Keittiö- ja ruokapalvelut",
        "Kiinteistöhuolto",
        "Joutsan Seudun Työttömät ry",
    } <= names
    assert Placement.objects.filter(outside_municipality=True).exists()
    assert set(RehabAgreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    assert Attendance.objects.filter(day__lt=timezone.localdate().replace(day=1)).count() > 100
    assert list(CompensationClaim.objects.values_list("status", flat=True).order_by("period_start")) == [
        "paid",
        "submitted",
    ]
    assert selectors.capacity_summary()["without_places"]
    assert all(row["taken"] <= row["capacity"] for row in selectors.places_per_unit())
    overdue = sum(len(selectors.overdue_evaluations(ctx.users[name])) for name in demo.COACHES)
    assert overdue >= 1
    assert (
        selectors.feedback_summary((timezone.localdate().replace(year=2000), timezone.localdate()))["count"]
        > 0
    )
    # The data obeys the rules the services enforce: no overlapping periods, attendance on agreed days only.
    for agreement in RehabAgreement.objects.prefetch_related("attendances"):
        assert all(
            a.day.isoweekday() <= 5
            and str(a.day.isoweekday()) in agreement.weekdays
            and agreement.start_date <= a.day <= agreement.end_date
            for a in agreement.attendances.all()
        )
