from datetime import time, timedelta

import factory
from django.utils import timezone

from tests.factories import ClientFactory, UserFactory
from tests.rehab_work.factories import PlacementFactory
from workshop.models import Group, GroupParticipant, ServicePeriod


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Ryhmä {n}")
    leader = factory.SubFactory(UserFactory)
    weekdays = "2"
    starts_at = time(9, 0)
    first_day = factory.LazyFunction(lambda: timezone.localdate() - timedelta(weeks=2))
    last_day = factory.LazyFunction(lambda: timezone.localdate() + timedelta(weeks=8))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupParticipant

    group = factory.SubFactory(GroupFactory)
    client = factory.SubFactory(ClientFactory)
    joined_on = factory.LazyAttribute(lambda p: p.group.first_day)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePeriod

    client = factory.SubFactory(ClientFactory)
    kind = "work_trial"
    placement = factory.SubFactory(PlacementFactory)
    coach = factory.LazyAttribute(lambda p: p.client.responsible_worker or UserFactory())
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    end_date = factory.LazyAttribute(lambda p: p.start_date + timedelta(days=90))
    content = "Kiinteistöhuolto"
    goals = "Työkyvyn arviointi"
