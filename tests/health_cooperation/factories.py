"""Factories of the health-cooperation tests (national ids only from 900–999, through tests.factories)."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from clients.models import Consent
from health_cooperation.models import (
    GuidedReferral,
    HealthCheckReferral,
    SoteBooking,
    SoteMeeting,
    SoteNextStep,
    SoteSlot,
    SoteTeamSchedule,
)
from tests.factories import ClientFactory


def aware(day, at=time(12, 0)):
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


class HealthConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    purpose = "health_services"
    recorded_by = factory.LazyAttribute(lambda c: c.client.responsible_worker)
    given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SoteTeamSchedule

    name = "Sote-tiimi"
    weekday = 3
    first_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    start_time = time(12, 0)
    place = "Joutsan terveysasema"


class SoteMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SoteMeeting

    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    start_time = time(12, 0)
    place = "Joutsan terveysasema"


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SoteSlot

    meeting = factory.SubFactory(SoteMeetingFactory)
    kind = "consultation"
    duration_minutes = 20
    starts_at = factory.LazyAttributeSequence(
        lambda s, n: aware(s.meeting.date, s.meeting.start_time) + timedelta(minutes=20 * (n % 20))
    )


class HealthCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthCheckReferral

    client = factory.SubFactory(ClientFactory)
    referred_by = factory.LazyAttribute(lambda r: r.client.responsible_worker)
    referred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    place = "Joutsan terveysasema"


class GuidedReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidedReferral

    client = factory.SubFactory(ClientFactory)
    sent_by = factory.LazyAttribute(lambda r: r.client.responsible_worker)
    target = "social_counsellor"
    reason = "Toimeentulon ja asumisen huolet: palveluntarpeen arviointi"
    sent_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SoteBooking

    slot = factory.SubFactory(SlotFactory)
    client = factory.SubFactory(ClientFactory)
    brought_by = factory.LazyAttribute(lambda b: b.client.responsible_worker)
    topic = "Selkäkivut ja työkyky"
    client_permission_on = factory.LazyFunction(timezone.localdate)


class NextStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SoteNextStep

    booking = factory.SubFactory(BookingFactory)
    responsible = factory.LazyAttribute(lambda s: s.booking.brought_by)
    description = "Laboratoriolähete terveyskeskukseen"
