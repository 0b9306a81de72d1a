"""Factories for rehabilitative work. Agreements default to a signed 6-month period that began four
weeks ago on Mondays–Thursdays (4 days a week, 6 hours a day)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from joutsa_tyollisyys.dates import period_last_day
from rehab_work import rules
from rehab_work.enums import AgreementStatus, AttendanceStatus, PlacementKind
from rehab_work.models import Attendance, CompensationClaim, Placement, RehabAgreement
from tests.factories import ClientFactory, UserFactory


def this_monday():
    return rules.week_bounds(timezone.localdate())[0]


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Työtoimintapaikka {n}")
    kind = PlacementKind.MUNICIPAL_UNIT
    organisation = "Joutsan kunta"
    address = "Länsitie 5, 19650 Joutsa"
    contact_person = "Tiina Ohjaaja"
    tasks = "Kiinteistöhuolto, pihatyöt"
    capacity = 5


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RehabAgreement

    client = factory.SubFactory(ClientFactory)
    placement = factory.SubFactory(PlacementFactory)
    status = AgreementStatus.SIGNED
    start_date = factory.LazyFunction(lambda: this_monday() - timedelta(weeks=4))
    end_date = factory.LazyAttribute(lambda a: period_last_day(a.start_date, 6))
    days_per_week = 4
    hours_per_day = Decimal("6.0")
    weekdays = "1234"
    tasks = "Puutyöt"
    goals = "Säännöllinen päivärytmi (luottamuksellinen tavoite)"
    coaching_plan = "Viikoittainen ohjaus"
    drafted_by = factory.LazyAttribute(lambda a: a.client.responsible_worker or UserFactory())
    signed_on = factory.LazyAttribute(lambda a: a.start_date if a.status in ("signed", "ended") else None)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    agreement = factory.SubFactory(AgreementFactory)
    day = factory.LazyAttribute(lambda a: a.agreement.start_date)
    status = AttendanceStatus.PRESENT
    recorded_by = factory.LazyAttribute(lambda a: a.agreement.drafted_by)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompensationClaim

    period_start = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    period_end = factory.LazyAttribute(lambda c: c.period_start + timedelta(days=27))
    created_by = factory.SubFactory(UserFactory)
