"""Factories shared by every app's tests. National ids only from the temporary range 900–999."""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from clients import national_id as nid
from clients.models import Client, Meeting
from joutsa_tyollisyys.models import Team, User
from joutsa_tyollisyys.roles import Role


def national_id_for(n: int, born: date | None = None) -> str:
    born = born or date(1970, 1, 1) + timedelta(days=(n * 37) % 15000)
    return nid.build(born, 900 + n % 100)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tiimi {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    email = factory.LazyAttribute(lambda u: f"{u.username}@joutsa.example")
    password = factory.django.Password("Salasana-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=str(extracted))[0])
            self._role_cache = None


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client
        exclude = ("born",)

    born = None
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    phone = "040 123 4567"
    street_address = "Länsitie 1"
    postal_code = "19650"
    post_office = "JOUTSA"
    status = "active"

    @factory.lazy_attribute_sequence
    def national_id(self, n):
        return national_id_for(n + 1, self.born)

    national_id_hash = factory.LazyAttribute(lambda c: nid.lookup_hash(c.national_id))
    birth_date = factory.LazyAttribute(lambda c: nid.parse(c.national_id).birth_date)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    client = factory.SubFactory(ClientFactory)
    worker = factory.LazyAttribute(lambda m: m.client.responsible_worker)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    status = "held"
    kind = "in_person"
    notes = "Luottamuksellinen muistiinpano"


__all__ = ["Role", "TeamFactory", "UserFactory", "ClientFactory", "MeetingFactory", "national_id_for"]


def clients_since(day: date, *clients):
    """Make ``clients`` clients since ``day`` (their creation and its history row), as if made then: the report's
    "current" figures count a client from the day it became one."""
    from datetime import datetime

    from clients.models import Client

    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    pks = [client.pk for client in clients]
    Client.objects.filter(pk__in=pks).update(created_at=moment)
    Client.history.filter(id__in=pks, history_type="+").update(history_date=moment)
