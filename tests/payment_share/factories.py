"""Factories for the payment-share tests. National ids only from the temporary range 900–999."""

from datetime import date
from decimal import Decimal

import factory

from payment_share.models import PaymentShareEntry, PaymentShareList
from tests.factories import ClientFactory

JUNE = date(2024, 6, 1)


class ShareListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentShareList
        django_get_or_create = ("month", "invoice")

    month = JUNE
    invoice = ""
    file_name = "lista.csv"


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentShareEntry

    share_list = factory.SubFactory(ShareListFactory)
    month = factory.SelfAttribute("share_list.month")
    client = factory.SubFactory(ClientFactory)
    benefit = "työmarkkinatuki"
    paid_days = 400
    days_in_month = 21
    benefit_paid = Decimal("781.41")
    share_percent = Decimal("50")
    share_amount = Decimal("390.71")
