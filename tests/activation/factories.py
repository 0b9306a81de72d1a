from datetime import date, timedelta

import factory
from django.utils import timezone

from activation.models import ActivationFigures, ActivationPlan, PlanTask, ServiceType
from tests.factories import ClientFactory


def service_type(code="rehabilitative_work"):
    return ServiceType.objects.get(code=code)  # seeded by the data migration


class FiguresFactory(factory.django.DjangoModelFactory):
    """Figures that meet the condition for a 25+ client (600 days of labour market subsidy), now on income
    support: since the activation reform (1.1.2026) the condition applies to income-support clients only."""

    class Meta:
        model = ActivationFigures

    client = factory.SubFactory(ClientFactory, main_income="income_support")
    checked_on = factory.LazyFunction(timezone.localdate)
    subsidy_days_12m = 200
    subsidy_days_total = 600
    income_support_months = 0
    receives_unemployment_benefit = False
    receives_income_support = True


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivationPlan
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    review_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=170))
    municipality_party = "Sanna Virtanen"
    employment_party = "Liisa Lahti, TE-toimisto"

    @factory.post_generation
    def with_task(self, create, extracted, **kwargs):
        if create and extracted is not False:
            PlanTask.objects.create(
                plan=self, service_type=service_type("work_trial"), description="Työkokeilu"
            )


def agreed_plan(client, agreed_on: date | None = None, **kwargs):
    agreed_on = agreed_on or timezone.localdate() - timedelta(days=5)
    return PlanFactory(
        client=client,
        status="agreed",
        agreed_on=agreed_on,
        client_signed=True,
        municipality_signed=True,
        employment_signed=True,
        **kwargs,
    )


def rehab_row(**overrides):
    row = {
        "service_type": service_type(),
        "description": "Kuntouttava työtoiminta",
        "place": "TyöVarikko",
        "hours_per_day": 4,
        "days_per_week": 3,
        "starts_on": timezone.localdate(),
        "length_months": 6,
    }
    row.update(overrides)
    return row


class IncomeSupportClientFactory(ClientFactory):
    """A client on income support because of unemployment: the activation plan's client since the reform."""

    main_income = "income_support"
