"""Demo obligation-employment cases in every state, made through the services (so they have history).

Includes an employed client whose claims show one paid, one sent, one due at the end of this month
(the nearest possible deadline) and a finished case whose last claim lapsed.
"""

from datetime import timedelta
from decimal import Decimal

from . import rules, services
from .enums import MeetingDecision, Outcome
from .tasks import daily_claims_check

UNITS = [
    ("TyöVarikko", "Työvalmentajan avustaja", "Sanna Virtanen"),
    ("Tekninen toimi, kiinteistöpalvelut", "Kiinteistönhoitaja", "Jari Lahtinen"),
    ("Kirjasto", "Kirjastoavustaja", "Maarit Kinnunen"),
    ("Ruokapalvelut", "Ruokapalvelutyöntekijä", "Tarja Leppänen"),
    ("Puistotoimi", "Puistotyöntekijä", "Jari Lahtinen"),
]


class _Demo:
    def __init__(self, ctx):
        self.ctx, self.clerk, self.social = ctx, ctx.users["toimisto"], ctx.users["sosiaaliohjaaja"]
        self.used = set()

    def notice(self, notice_date):
        """A notice for the next active client aged 57–59 when the allowance ends three months later."""
        end = notice_date + timedelta(days=90)
        client = next(
            c
            for c in self.ctx.clients
            if c.pk not in self.used
            and c.status == "active"
            and rules.obligation_eligibility(c.birth_date, end).eligible
        )
        self.used.add(client.pk)
        return services.notice_register(
            actor=self.clerk, client_id=client.pk, allowance_end_date=end, notice_date=notice_date
        )

    def work(self, case, meeting_day, unit):
        name, title, boss = unit
        return services.meeting_decision_record(
            actor=self.social,
            case_id=case.pk,
            expected_version=case.version,
            meeting_date=meeting_day,
            meeting_decision=MeetingDecision.SUITABLE_WORK,
            work_unit=name,
            job_title=title,
            supervisor=boss,
            weekly_hours=Decimal("38.25"),
        )

    def subsidy(self, case, sent, start, category="70", months=1, maximum=Decimal("1400.00")):
        end = rules.default_contract_end(start)
        case = services.application_record(
            actor=self.clerk,
            case_id=case.pk,
            expected_version=case.version,
            application_sent_on=sent,
            rate_category=category,
            applied_start=start,
            applied_end=end,
            claim_period_months=months,
        )
        return services.decision_record(
            actor=self.clerk,
            case_id=case.pk,
            expected_version=case.version,
            decision_date=sent + timedelta(days=12),
            decision_rate=Decimal(category),
            decision_start=start,
            decision_end=end,
            monthly_maximum=maximum,
        )

    def employ(self, case, salary=Decimal("2310.00")):
        return services.contract_record(
            actor=self.clerk,
            case_id=case.pk,
            expected_version=case.version,
            contract_start=case.decision_start,
            contract_end=None,
            monthly_salary=salary,
            contract_weekly_hours=Decimal("38.25"),
        )

    def claim(self, claim, wages, *, sent_after=None, paid_after=None):
        claim = services.claim_compute(
            actor=self.clerk, claim_id=claim.pk, expected_version=claim.version, wages=wages
        )
        if sent_after is not None:
            claim = services.claim_submit(
                actor=self.clerk,
                claim_id=claim.pk,
                expected_version=claim.version,
                submitted_on=claim.period_end + timedelta(days=sent_after),
                amount_claimed=claim.subsidy_amount,
            )
        if paid_after is not None:
            services.claim_mark_paid(
                actor=self.clerk,
                claim_id=claim.pk,
                expected_version=claim.version,
                paid_on=claim.submitted_on + timedelta(days=paid_after),
                amount_paid=claim.amount_claimed,
            )


def seed(ctx):
    if not ctx.clients:
        return
    demo, today = _Demo(ctx), ctx.today

    def days_ago(n):
        return today - timedelta(days=n)

    try:
        demo.notice(days_ago(10))
        demo.notice(days_ago(3))
        case = demo.notice(days_ago(40))
        demo.work(case, today - timedelta(days=20), UNITS[2])
        case = demo.notice(days_ago(60))
        case = demo.work(case, today - timedelta(days=45), UNITS[3])
        services.application_record(
            actor=demo.clerk,
            case_id=case.pk,
            expected_version=case.version,
            application_sent_on=today - timedelta(days=30),
            rate_category="50",
            applied_start=rules.month_start(today, 1),
            applied_end=rules.default_contract_end(rules.month_start(today, 1)),
            claim_period_months=2,
        )
        declined = demo.notice(days_ago(50))
        services.meeting_decision_record(
            actor=demo.clerk,
            case_id=declined.pk,
            expected_version=declined.version,
            meeting_date=today - timedelta(days=35),
            meeting_decision=MeetingDecision.CLIENT_DECLINED,
            declined_reason="Asiakas jää eläkkeelle osatyökyvyttömyyseläkkeellä.",
        )

        # Employed for four months: claims 1 paid, 2 sent, 3 computed and due at the end of this month.
        start = rules.month_start(today, -4)
        case = demo.notice(start - timedelta(days=70))
        case = demo.work(case, start - timedelta(days=50), UNITS[1])
        case = demo.employ(demo.subsidy(case, start - timedelta(days=40), start))
        claims = list(case.claims.order_by("number"))
        demo.claim(claims[0], Decimal("2887.50"), sent_after=9, paid_after=21)
        demo.claim(claims[1], Decimal("2887.50"), sent_after=12)
        demo.claim(claims[2], Decimal("2950.10"))

        # Finished: six months with 3-month claims; the second claim was never sent and lapsed.
        start = rules.month_start(today, -9)
        case = demo.notice(start - timedelta(days=70))
        case = demo.work(case, start - timedelta(days=50), UNITS[4])
        case = demo.employ(
            demo.subsidy(
                case, start - timedelta(days=40), start, category="50", months=3, maximum=Decimal("1260.00")
            )
        )
        first = case.claims.order_by("number").first()
        demo.claim(first, Decimal("7120.00"), sent_after=20, paid_after=30)
        case.refresh_from_db()
        services.case_close(
            actor=demo.clerk,
            case_id=case.pk,
            expected_version=case.version,
            outcome=Outcome.EMPLOYMENT_COMPLETED,
            closed_on=case.contract_end,
        )
    except StopIteration:  # too few clients aged 57–59 in a small demo set: the cases made so far stay
        pass
    daily_claims_check()  # lapse the overdue claim, remind of the one due this month
