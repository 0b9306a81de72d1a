"""Figures for the monthly report (reporting app reads these)."""

from datetime import date
from decimal import Decimal

import pytest

from rehab_work import selectors
from rehab_work.enums import AgreementStatus
from rehab_work.models import ClaimedDay, Feedback
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory, AttendanceFactory, ClaimFactory, PlacementFactory

pytestmark = pytest.mark.django_db
MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def agreement(start, end, status=AgreementStatus.SIGNED, **kwargs):
    return AgreementFactory(start_date=start, end_date=end, status=status, **kwargs)


def test_clients_in_rehab_work_counts_signed_agreements_in_force_in_the_period():
    agreement(date(2025, 1, 1), date(2025, 3, 1))  # last day in March
    agreement(date(2025, 3, 31), date(2025, 9, 30), status=AgreementStatus.ENDED)
    agreement(date(2025, 4, 1), date(2025, 9, 30))  # starts after
    agreement(date(2025, 1, 1), date(2025, 6, 30), status=AgreementStatus.APPROVED)  # not signed
    assert selectors.clients_in_rehab_work(MARCH) == 2


def test_period_can_be_an_object_with_start_and_end():
    class Period:
        start, end = MARCH

    agreement(date(2025, 1, 1), date(2025, 6, 30))
    assert selectors.clients_in_rehab_work(Period()) == 1


def test_places_per_unit(coach):
    workshop = PlacementFactory(name="TyöVarikko", capacity=2)
    PlacementFactory(name="Kirjasto", capacity=1, active=False)
    AgreementFactory(placement=workshop)
    AgreementFactory(placement=workshop, status=AgreementStatus.DRAFT)
    rows = selectors.places_per_unit()
    assert rows == [
        {
            "placement": "TyöVarikko",
            "kind": workshop.get_kind_display(),
            "outside_municipality": False,
            "capacity": 2,
            "taken": 1,
            "free": 1,
        }
    ]


def test_places_on_several_days_are_each_days_own_and_read_in_one_query(django_assert_num_queries):
    """The monthly report's 13 month ends in one read; each day counts the agreements in force on it."""
    workshop = PlacementFactory(name="TyöVarikko", capacity=3)
    agreement(date(2025, 1, 1), date(2025, 3, 31), placement=workshop)
    agreement(date(2025, 3, 1), date(2025, 4, 30), placement=workshop)
    agreement(date(2025, 4, 1), date(2025, 4, 30), placement=workshop, status=AgreementStatus.DRAFT)
    days = [date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31)]
    with django_assert_num_queries(1):
        rows = selectors.places_per_unit_on(days)
    assert [(rows[day][0]["taken"], rows[day][0]["free"]) for day in days] == [(1, 2), (2, 1), (1, 2), (0, 3)]
    assert all(rows[day] == selectors.places_per_unit(day) for day in days)


def test_compensation_claimed_and_paid_by_submission_and_payment_dates():
    signed = AgreementFactory(start_date=date(2025, 1, 6), end_date=date(2025, 6, 30))
    paid = ClaimFactory(
        status="paid", submitted_on=date(2025, 3, 5), paid_on=date(2025, 4, 2), paid_amount=Decimal("20.18")
    )
    submitted = ClaimFactory(status="submitted", submitted_on=date(2025, 3, 20))
    for claim, day in ((paid, date(2025, 2, 3)), (paid, date(2025, 2, 4)), (submitted, date(2025, 2, 5))):
        attendance = AttendanceFactory(agreement=signed, day=day)
        ClaimedDay.objects.create(
            claim=claim, attendance=attendance, client=signed.client, day=day, amount=Decimal("10.09")
        )
    assert selectors.compensation_claimed_and_paid(MARCH) == {
        "claimed": Decimal("30.27"),
        "paid": Decimal("0.00"),
    }
    assert selectors.compensation_claimed_and_paid((date(2025, 4, 1), date(2025, 4, 30))) == {
        "claimed": Decimal("0.00"),
        "paid": Decimal("20.18"),
    }


def feedback(score, comment, given_on=date(2025, 3, 10)):
    return Feedback.objects.create(
        agreement=AgreementFactory(client=ClientFactory()),
        given_on=given_on,
        filled_by="by_client",
        score_tasks=score,
        score_guidance=score,
        score_community=score,
        score_overall=score,
        comments=comment,
    )


def test_feedback_summary_is_anonymous():
    feedback(5, "Hyvä ohjaus")
    feedback(4, "")
    feedback(2, "Liian vähän tekemistä", given_on=date(2025, 4, 1))  # outside the period
    summary = selectors.feedback_summary(MARCH)
    assert summary["count"] == 2
    assert [a["average"] for a in summary["averages"]] == [Decimal("4.5")] * 4
    assert summary["comments"] == []  # fewer than three answers: free text left out
    feedback(3, "Aamut liian aikaisin")
    summary = selectors.feedback_summary(MARCH)
    assert summary["comments"] == ["Aamut liian aikaisin", "Hyvä ohjaus"]
    assert set(summary) == {"count", "averages", "comments"}  # no names, no ids


def test_feedback_summary_of_an_empty_period():
    assert selectors.feedback_summary(MARCH)["count"] == 0
    assert selectors.feedback_summary(MARCH)["averages"][0]["average"] is None
