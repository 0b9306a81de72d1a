"""A coach drafts the agreement from the client's activation plan (docs/domain.md § 5.2)."""

from datetime import date

import pytest

from tests.activation.factories import IncomeSupportClientFactory, agreed_plan, rehab_row
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_the_draft_form_is_prefilled_from_the_plans_rehab_row(coach, login):
    client = IncomeSupportClientFactory(responsible_worker=coach)
    plan = agreed_plan(client, agreed_on=date(2026, 1, 10))
    plan.tasks.create(**rehab_row(starts_on=date(2026, 2, 2), length_months=6, days_per_week=3, hours_per_day=5))
    response = login(coach).get(f"/rehab/clients/{client.pk}/agreements/new/")
    initial = response.context["form"].initial
    assert (initial["start_date"], initial["end_date"]) == (date(2026, 2, 2), date(2026, 8, 1))
    assert (initial["days_per_week"], initial["hours_per_day"]) == (3, 5)
    assert "aktivointisuunnitelmasta" in response.content.decode()


def test_without_a_plan_the_form_has_the_usual_defaults(coach, login):
    client = ClientFactory(responsible_worker=coach)
    response = login(coach).get(f"/rehab/clients/{client.pk}/agreements/new/")
    assert response.context["form"].initial["days_per_week"] == 4 and response.context["plan"] is None


def test_a_benefit_recipients_agreement_is_prefilled_from_the_multi_agency_plan(coach, login):
    """Since the activation reform (seeded 1.1.2026) the multi-agency plan is the basis."""
    client = ClientFactory(responsible_worker=coach, main_income="labour_market_subsidy")
    plan = agreed_plan(client, agreed_on=date(2026, 1, 10), kind="multi_agency", kela_party="Tomi Vainio")
    plan.tasks.create(**rehab_row(starts_on=date(2026, 1, 31), length_months=3, days_per_week=3, hours_per_day=5))
    response = login(coach).get(f"/rehab/clients/{client.pk}/agreements/new/")
    initial = response.context["form"].initial
    assert (initial["start_date"], initial["end_date"]) == (date(2026, 1, 31), date(2026, 4, 30))  # 150/1930
    assert "monialaisesta työllistymissuunnitelmasta" in response.content.decode()
