"""Obligation-employment cases in any state, built through the services (so state and history are real)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from obligation_employment import rules, services
from obligation_employment.enums import CaseStatus, MeetingDecision
from tests.factories import ClientFactory

#: The order of the states a case goes through (closing aside).
FLOW = [
    CaseStatus.AWAITING_MEETING,
    CaseStatus.WORK_CHOSEN,
    CaseStatus.APPLICATION_SENT,
    CaseStatus.DECISION_RECEIVED,
    CaseStatus.EMPLOYED,
]


def eligible_client(**kwargs):
    """A client who is 57–59 when an allowance ending within the next months ends."""
    today = timezone.localdate()
    return ClientFactory(born=date(today.year - 58, 1, 10), **kwargs)


def make_case(
    status=CaseStatus.AWAITING_MEETING,
    *,
    clerk,
    client=None,
    start: date | None = None,
    months=1,
    category="70",
    rate=Decimal("70"),
    maximum=Decimal("1400.00"),
    salary=Decimal("2300.00"),
):
    """A case moved to ``status``. The subsidy period starts on ``start`` (default: the first day of the
    month two months ago, so the first claims can be sent today) and lasts six months."""
    today = timezone.localdate()
    start = start or rules.month_start(today, -2)
    client = client or eligible_client()
    notice = min(start, today) - timedelta(days=70)
    case = services.notice_register(
        actor=clerk, client_id=client.pk, notice_date=notice, allowance_end_date=notice + timedelta(days=60)
    )
    target = FLOW.index(status)
    if target >= 1:
        case = services.meeting_decision_record(
            actor=clerk,
            case_id=case.pk,
            expected_version=case.version,
            meeting_date=notice + timedelta(days=10),
            meeting_decision=MeetingDecision.SUITABLE_WORK,
            work_unit="Kirjasto",
            job_title="Kirjastoavustaja",
            supervisor="Maarit Kinnunen",
            weekly_hours=Decimal("38.25"),
        )
    end = rules.default_contract_end(start)
    if target >= 2:
        case = services.application_record(
            actor=clerk,
            case_id=case.pk,
            expected_version=case.version,
            application_sent_on=notice + timedelta(days=20),
            rate_category=category,
            applied_start=start,
            applied_end=end,
            claim_period_months=months,
        )
    if target >= 3:
        case = services.decision_record(
            actor=clerk,
            case_id=case.pk,
            expected_version=case.version,
            decision_date=notice + timedelta(days=30),
            decision_rate=rate,
            decision_start=start,
            decision_end=end,
            monthly_maximum=maximum,
        )
    if target >= 4:
        case = services.contract_record(
            actor=clerk,
            case_id=case.pk,
            expected_version=case.version,
            contract_start=start,
            contract_end=None,
            monthly_salary=salary,
            contract_weekly_hours=Decimal("38.25"),
        )
    case.refresh_from_db()
    return case


def compute(claim, clerk, wages=Decimal("2000.00")):
    claim.refresh_from_db()
    return services.claim_compute(actor=clerk, claim_id=claim.pk, expected_version=claim.version, wages=wages)


def submit(claim, clerk, on=None):
    claim.refresh_from_db()
    return services.claim_submit(
        actor=clerk,
        claim_id=claim.pk,
        expected_version=claim.version,
        submitted_on=on or timezone.localdate(),
        amount_claimed=claim.subsidy_amount,
    )


def bulk_cases(statuses, *, clerk, coach):
    """Cases in the given states written straight to the table (no services, no history): cheap enough
    for the permission matrix, which rebuilds its world for every cell. Employed cases get 1-month claims
    from two months ago: the first computed, the second computed and sent."""
    from obligation_employment.models import ObligationCase, WageSubsidyClaim

    today = timezone.localdate()
    start = rules.month_start(today, -2)
    end = rules.default_contract_end(start)
    stages = [
        {
            "meeting_date": start - timedelta(days=60),
            "meeting_decision": MeetingDecision.SUITABLE_WORK,
            "work_unit": "Kirjasto",
            "job_title": "Kirjastoavustaja",
            "supervisor": "M. Kinnunen",
            "weekly_hours": Decimal("38.25"),
        },
        {
            "application_sent_on": start - timedelta(days=50),
            "rate_category": "70",
            "applied_start": start,
            "applied_end": end,
            "claim_period_months": 1,
        },
        {
            "decision_date": start - timedelta(days=40),
            "decision_rate": Decimal(70),
            "decision_start": start,
            "decision_end": end,
            "monthly_maximum": Decimal(1400),
        },
        {
            "contract_start": start,
            "contract_end": end,
            "monthly_salary": Decimal(2300),
            "contract_weekly_hours": Decimal("38.25"),
        },
    ]
    cases = []
    for status in statuses:
        fields = {}
        for stage in stages[: FLOW.index(status)]:
            fields.update(stage)
        cases.append(
            ObligationCase(
                client=eligible_client(responsible_worker=coach),
                handler=clerk,
                status=status,
                notice_date=start - timedelta(days=70),
                allowance_end_date=start - timedelta(days=10),
                **fields,
            )
        )
    cases = ObligationCase.objects.bulk_create(cases)
    claims = [claim for case in cases if case.decision_start for claim in services.lay_out_claims(case)]
    for claim in claims:
        if claim.number <= 2:
            claim.wages, claim.subsidy_amount = Decimal(2000), Decimal(1400)
        if claim.number == 2:
            claim.status, claim.submitted_on, claim.amount_claimed = "submitted", today, Decimal(1400)
    WageSubsidyClaim.objects.bulk_create(claims)
    return cases
