import random

import pytest
from django.utils import timezone

from clients import demo as clients_demo
from joutsa_tyollisyys.demo import DemoContext, Scale, ensure_demo_users
from rehab_work import demo as rehab_demo
from workshop import demo
from workshop.models import CompetenceCertificate, Group, LibraryDocument, ServicePeriod, SessionAttendance

pytestmark = pytest.mark.django_db


def test_demo_has_groups_with_attendance_periods_of_every_kind_and_certificates(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ctx = DemoContext(rng=random.Random(2020), today=timezone.localdate(), users=ensure_demo_users())
    ctx.scale = Scale(clients=300)
    clients_demo.seed(ctx)
    rehab_demo.seed(ctx)
    demo.seed(ctx)
    assert Group.objects.count() == 3
    assert SessionAttendance.objects.filter(presence="present").count() > 20
    assert SessionAttendance.objects.exclude(rehab_note="").exists()  # rehab agreements were checked
    assert set(ServicePeriod.objects.values_list("kind", flat=True)) == {
        "work_trial",
        "social_rehab",
        "job_learning",
        "community_service",
    }
    assert CompetenceCertificate.objects.count() >= 2
    assert list(LibraryDocument.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
