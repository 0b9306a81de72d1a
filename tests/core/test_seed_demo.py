import pytest
from django.core.management import call_command

from clients import national_id as nid
from clients.models import Client, Meeting
from joutsa_tyollisyys.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_municipality_with_temporary_ids_and_is_idempotent():
    call_command("seed_demo", clients=120)
    count = Client.objects.count()
    assert count >= 120  # the payment-share lists add persons not yet met as new clients
    assert all(nid.parse(c.national_id).is_temporary for c in Client.objects.all())
    assert Meeting.objects.filter(status="held").exists() and Meeting.objects.filter(status="planned").exists()
    from django.contrib.auth.models import Group

    for role in Role:
        assert Group.objects.get(name=role.value).user_set.exists(), role
    call_command("seed_demo", clients=120)
    assert Client.objects.count() == count
