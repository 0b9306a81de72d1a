"""Factories for the reporting tests, and a small month with known answers (March 2024)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from clients.models import ServiceNeedAssessment
from rehab_work.models import ClaimedDay, Feedback
from reporting.models import MonthlyInputs, MonthlyReport
from tests.activation.factories import agreed_plan
from tests.factories import ClientFactory, UserFactory, clients_since  # noqa: F401 (the month's tests use it)
from tests.payment_share.factories import EntryFactory, ShareListFactory
from tests.rehab_work.factories import AgreementFactory, AttendanceFactory, ClaimFactory, PlacementFactory

MARCH = date(2024, 3, 1)


class InputsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyInputs

    month = MARCH
    unemployment_rate = Decimal("10.5")
    tyovarikko_income = Decimal("1000.00")
    tyovarikko_expenses = Decimal("15000.00")
    workshop_income = Decimal("800.00")
    workshop_expenses = Decimal("9000.00")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReport

    month = MARCH
    version = 1
    status = "final"
    generated_at = factory.LazyFunction(timezone.now)
    finalised_at = factory.LazyAttribute(lambda r: timezone.now() if r.status == "final" else None)
    figures = factory.LazyFunction(dict)


@dataclass
class March:
    a: object  # agreement ending mid-month, on the lists of February and March, contacted
    b: object  # two agreements in March (counted once), on March's list without a worker
    c: object  # agreement starts in April
    d: object  # agreement only drafted


def build_march() -> March:
    """A month with known answers (see tests/reporting/test_indicators.py)."""
    coach = UserFactory(username="r_coach")
    place = PlacementFactory(name="Kirjasto", capacity=6)
    PlacementFactory(name="Uimahalli", capacity=0)
    a = ClientFactory(responsible_worker=coach, last_name="Aalto")
    b = ClientFactory(responsible_worker=None, last_name="Berg")
    c = ClientFactory(responsible_worker=coach, last_name="Castren")
    d = ClientFactory(responsible_worker=coach, last_name="Dahl")
    clients_since(date(2023, 1, 2), a, b, c, d)

    agreement_a = AgreementFactory(client=a, placement=place, start_date=date(2024, 1, 15),
                                   end_date=date(2024, 3, 14))
    b1 = AgreementFactory(client=b, placement=place, start_date=date(2024, 3, 1), end_date=date(2024, 3, 10))
    AgreementFactory(client=b, placement=place, start_date=date(2024, 3, 20), end_date=date(2024, 6, 30))
    AgreementFactory(client=c, placement=place, start_date=date(2024, 4, 2), end_date=date(2024, 9, 30))
    AgreementFactory(client=d, placement=place, status="draft", start_date=date(2024, 3, 1),
                     end_date=date(2024, 8, 31))

    # State compensation: 10,09 € claimed in February, 403,60 € paid in March.
    claim = ClaimFactory(period_start=date(2024, 1, 15), period_end=date(2024, 1, 31), status="paid",
                         submitted_on=date(2024, 2, 10), paid_on=date(2024, 3, 20), paid_amount=Decimal("403.60"))
    attendance = AttendanceFactory(agreement=agreement_a, day=date(2024, 1, 16))
    ClaimedDay.objects.create(claim=claim, attendance=attendance, client=a, day=attendance.day,
                              amount=Decimal("10.09"))

    # Feedback in March: overall 4 and 5.
    for agreement, overall, day in ((agreement_a, 5, date(2024, 3, 14)), (b1, 4, date(2024, 3, 8))):
        Feedback.objects.create(agreement=agreement, given_on=day, filled_by="by_client", score_tasks=4,
                                score_guidance=4, score_community=4, score_overall=overall)

    # Payment-share lists: February A 50,00 €; March A 100,00 € (contacted) and B 200,50 €.
    EntryFactory(share_list=ShareListFactory(month=date(2024, 2, 1)), client=a, share_amount=Decimal("50.00"))
    march_list = ShareListFactory(month=MARCH)
    EntryFactory(share_list=march_list, client=a, share_amount=Decimal("100.00"), contacted_on=date(2024, 3, 5))
    EntryFactory(share_list=march_list, client=b, share_amount=Decimal("200.50"))

    # Service-need assessments: A's up to date in February only, B's from 5 March.
    ServiceNeedAssessment.objects.create(client=a, made_on=date(2024, 2, 1), made_by="TE",
                                         next_update_due=date(2024, 3, 15))
    ServiceNeedAssessment.objects.create(client=b, made_on=date(2024, 3, 5), made_by="TE",
                                         next_update_due=date(2024, 9, 5))
    agreed_plan(a, agreed_on=date(2024, 2, 1))

    InputsFactory(month=MARCH, unemployment_rate=Decimal("10.5"), tyovarikko_income=Decimal("1000.00"))
    InputsFactory(month=date(2024, 1, 1), unemployment_rate=Decimal("11.5"), tyovarikko_income=Decimal("500.00"))
    return March(a, b, c, d)


def small_figures(month=MARCH, *, rehab_ids=(), value=None) -> dict:
    """A hand-made snapshot (no computation): one people-based figure and one euro figure."""
    from reporting import rules

    ids = list(rehab_ids)
    count = len(ids) if value is None else value
    return {
        "month": month.isoformat(),
        "months": [m.isoformat() for m in rules.trend_months(month)],
        "indicators": {
            "rehab_clients": {"value": count, "previous": 7, "year_ago": 12, "ytd": 15,
                              "series": [12] + [7] * 11 + [count], "ids": ids},
            "share_euros": {"value": "1234.50", "previous": "1000.00", "year_ago": None, "ytd": "2234.50",
                            "series": [None] * 11 + ["1000.00", "1234.50"], "ids": None},
        },
        "quarters": [{"label": "1/2024", "total": "2234.50", "persons": 3, "months": 3}],
        "places": [{"placement": "Kirjasto", "kind": "", "outside_municipality": False, "capacity": 6,
                    "taken": 3, "free": 3}],
        "feedback": {"count": 2, "averages": [{"question": "Overall", "average": "4.5"}], "comments": ["Hyvä"]},
        "inputs": None,
    }
