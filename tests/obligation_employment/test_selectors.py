"""Reads for the monthly report: open cases and a month's claims."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from obligation_employment import rules, selectors, services
from obligation_employment.enums import CaseStatus, ClaimStatus, MeetingDecision
from obligation_employment.models import WageSubsidyClaim

from .factories import compute, make_case, submit

pytestmark = pytest.mark.django_db


def test_open_cases_count_now_and_on_a_past_day(clerk):
    today = timezone.localdate()
    make_case(CaseStatus.EMPLOYED, clerk=clerk)
    declined = make_case(clerk=clerk)
    services.meeting_decision_record(
        actor=clerk,
        case_id=declined.pk,
        expected_version=declined.version,
        meeting_date=today,
        meeting_decision=MeetingDecision.CLIENT_DECLINED,
        declined_reason="Ei halua",
    )
    assert selectors.open_cases_count() == 1
    assert selectors.open_cases_count(on=today - timedelta(days=1)) == 2  # the declined one closed today
    assert selectors.open_cases_count(on=declined.notice_date - timedelta(days=1)) == 0


def test_claims_summary_of_a_month(clerk):
    today = timezone.localdate()
    case = make_case(CaseStatus.EMPLOYED, clerk=clerk, start=rules.month_start(today, -2))
    claims = {c.number: c for c in case.claims.all()}
    sent = submit(compute(claims[1], clerk, wages=Decimal("1000.00")), clerk)  # 700 €
    services.claim_mark_paid(
        actor=clerk,
        claim_id=sent.pk,
        expected_version=sent.version,
        paid_on=today,
        amount_paid=Decimal("650.00"),
    )
    submit(compute(claims[2], clerk, wages=Decimal("3000.00")), clerk)  # 2 100 € capped to 1 400 €
    with time_machine.travel(f"{claims[3].period_end}T12:00+02:00"):  # wages: once the period has ended
        compute(claims[3], clerk, wages=Decimal("500.00"))
    WageSubsidyClaim.objects.filter(pk=claims[3].pk).update(status=ClaimStatus.LAPSED, deadline=today)
    month = (rules.month_start(today), rules.period_end(rules.month_start(today), 1))
    assert selectors.claims_summary(month) == {
        "submitted_count": 2,
        "submitted_amount": Decimal("2100.00"),
        "paid_count": 1,
        "paid_amount": Decimal("650.00"),
        "lapsed_count": 1,
        "lapsed_amount": Decimal("350.00"),
    }
    last_month = (rules.month_start(today, -1), rules.month_start(today) - timedelta(days=1))
    assert selectors.claims_summary(last_month) == {
        "submitted_count": 0,
        "submitted_amount": Decimal("0.00"),
        "paid_count": 0,
        "paid_amount": Decimal("0.00"),
        "lapsed_count": 0,
        "lapsed_amount": Decimal("0.00"),
    }
