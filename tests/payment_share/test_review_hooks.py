"""The review's "plan or service in force" column asks activation and rehabilitative work."""

from datetime import date, timedelta

import pytest

from payment_share.hooks import plans_or_services_in_force
from tests.activation.factories import agreed_plan
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 15)


def test_plan_or_agreement_in_force_is_found_and_others_are_not(coach):
    with_plan, without, plan_later = (ClientFactory(responsible_worker=coach) for _ in range(3))
    agreed_plan(with_plan, agreed_on=ON - timedelta(days=30))
    agreed_plan(plan_later, agreed_on=ON + timedelta(days=1))
    agreement = AgreementFactory(status="signed", start_date=ON - timedelta(days=10), end_date=ON + timedelta(days=80))
    ended = AgreementFactory(status="ended", start_date=ON - timedelta(days=200), end_date=ON - timedelta(days=1))
    ids = [with_plan.pk, agreement.client_id, without.pk, plan_later.pk, ended.client_id]
    assert plans_or_services_in_force(ids, ON) == {
        with_plan.pk: True, agreement.client_id: True, without.pk: False, plan_later.pk: False, ended.client_id: False,
    }
