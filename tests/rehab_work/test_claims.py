"""KEHA compensation claims: days × the daily rate, 4 a week, never twice, supplementary claims."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from rehab_work import services
from rehab_work.models import ClaimedDay, CompensationClaim, CompensationRate
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory, AttendanceFactory

pytestmark = pytest.mark.django_db

# A fixed past month: March 2025 starts on a Saturday; weeks: 3.–9.3., 10.–16.3., ..., 31.3.–6.4.
MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def agreement_with_days(coach, days, status="present", weekdays="12345", days_per_week=5):
    """An agreement from 3.2.2025 (the old 5-day setting lets a test put 5 days in a week)."""
    agreement = AgreementFactory(
        client=ClientFactory(responsible_worker=coach),
        start_date=date(2025, 2, 3),
        end_date=date(2025, 7, 31),
        weekdays=weekdays,
        days_per_week=days_per_week,
    )
    for day in days:
        AttendanceFactory(agreement=agreement, day=day, status=status)
    return agreement


def week(monday, count=5):
    return [monday + timedelta(days=i) for i in range(count)]


def create(clerk, start=MARCH[0], end=MARCH[1]):
    return services.claim_create(actor=clerk, period_start=start, period_end=end)


def totals(claim):
    days = ClaimedDay.objects.filter(claim=claim)
    return days.count(), sum((d.amount for d in days), Decimal(0))


def test_claim_counts_present_days_at_most_four_a_week_at_the_rate(coach, clerk):
    agreement_with_days(coach, week(date(2025, 3, 10)) + week(date(2025, 3, 17), 2))  # 5 + 2 present days
    agreement_with_days(coach, week(date(2025, 3, 10), 3), status="own_illness")  # absences do not count
    claim = create(clerk)
    assert claim.kind == "original" and claim.status == "draft"
    assert totals(claim) == (6, Decimal("60.54"))  # (4 + 2) × 10,09 €


def test_the_rate_valid_on_each_day_is_used(coach, clerk):
    CompensationRate.objects.update(valid_to=date(2025, 3, 16))
    CompensationRate.objects.create(valid_from=date(2025, 3, 17), amount_per_day=Decimal("11.00"))
    agreement_with_days(coach, [date(2025, 3, 14), date(2025, 3, 17)])
    assert totals(create(clerk)) == (2, Decimal("21.09"))


def test_a_day_without_a_rate_is_refused_and_nothing_is_saved(coach, clerk):
    CompensationRate.objects.update(valid_from=date(2025, 3, 15))
    agreement_with_days(coach, [date(2025, 3, 14)])
    with pytest.raises(ValidationError) as error:
        create(clerk)
    assert "14.03.2025" in error.value.messages[0]
    assert not CompensationClaim.objects.exists()


def test_a_week_across_two_periods_counts_four_in_total(coach, clerk):
    # 24.–28.2.2025 is Mon–Fri; the week 3.–7.3. is split between claims by their periods.
    agreement_with_days(coach, week(date(2025, 3, 3)))
    first = create(clerk, date(2025, 3, 1), date(2025, 3, 5))  # Mon–Wed of the week
    second = create(clerk, date(2025, 3, 6), date(2025, 3, 31))  # Thu–Fri: only one more fits
    assert totals(first)[0] == 3 and totals(second)[0] == 1


def test_a_day_is_never_claimed_twice(coach, clerk):
    agreement_with_days(coach, week(date(2025, 3, 10), 3))
    claim = create(clerk)
    services.claim_submit(
        actor=clerk, claim_id=claim.pk, expected_version=claim.version, submitted_on=date(2025, 4, 10)
    )
    with pytest.raises(ValidationError):
        create(clerk)  # nothing new to claim
    with pytest.raises(IntegrityError):
        day = ClaimedDay.objects.first()
        ClaimedDay.objects.create(
            claim=claim, attendance=day.attendance, client=day.client, day=day.day, amount=day.amount
        )


def test_a_correction_after_submission_makes_a_supplementary_claim(coach, clerk):
    agreement = agreement_with_days(coach, [date(2025, 3, 10), date(2025, 3, 11)])
    original = create(clerk)
    services.claim_submit(
        actor=clerk, claim_id=original.pk, expected_version=original.version, submitted_on=date(2025, 4, 10)
    )
    AttendanceFactory(agreement=agreement, day=date(2025, 3, 12))  # recorded late
    supplementary = create(clerk)
    assert supplementary.kind == "supplementary" and supplementary.supplements == original
    assert totals(supplementary) == (1, Decimal("10.09"))
    assert totals(original) == (2, Decimal("20.18"))


def test_only_one_draft_per_period(coach, clerk):
    agreement_with_days(coach, [date(2025, 3, 10)])
    create(clerk)
    with pytest.raises(ValidationError) as error:
        create(clerk, date(2025, 3, 15), date(2025, 4, 15))
    assert "period_start" in error.value.error_dict


def test_rebuild_takes_in_corrections_and_delete_releases_the_days(coach, clerk):
    agreement = agreement_with_days(coach, [date(2025, 3, 10)])
    claim = create(clerk)
    AttendanceFactory(agreement=agreement, day=date(2025, 3, 11))
    claim = services.claim_rebuild(actor=clerk, claim_id=claim.pk, expected_version=claim.version)
    assert totals(claim)[0] == 2
    services.claim_delete(actor=clerk, claim_id=claim.pk, expected_version=claim.version)
    assert not ClaimedDay.objects.exists()
    assert totals(create(clerk))[0] == 2


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (date(2025, 3, 31), date(2025, 3, 1), "period_end"),
        (date(2025, 3, 1), timezone.localdate() + timedelta(days=1), "period_end"),
    ],
)
def test_bad_periods_are_refused(clerk, start, end, field):
    with pytest.raises(ValidationError) as error:
        create(clerk, start, end)
    assert field in error.value.error_dict


def test_states_go_draft_submitted_paid_with_dates(coach, clerk):
    agreement_with_days(coach, [date(2025, 3, 10)])
    claim = create(clerk)
    with pytest.raises(ValidationError):
        services.claim_mark_paid(
            actor=clerk,
            claim_id=claim.pk,
            expected_version=claim.version,
            paid_on=date(2025, 5, 1),
            paid_amount=Decimal("10.09"),
        )
    with pytest.raises(ValidationError) as error:
        services.claim_submit(
            actor=clerk, claim_id=claim.pk, expected_version=claim.version, submitted_on=date(2025, 3, 30)
        )  # before the period ended
    assert "submitted_on" in error.value.error_dict
    claim = services.claim_submit(
        actor=clerk,
        claim_id=claim.pk,
        expected_version=claim.version,
        submitted_on=date(2025, 4, 2),
        reference="KEHA/123",
    )
    with pytest.raises(ValidationError) as error:
        services.claim_mark_paid(
            actor=clerk,
            claim_id=claim.pk,
            expected_version=claim.version,
            paid_on=date(2025, 4, 1),
            paid_amount=Decimal(0),
        )
    assert {"paid_on", "paid_amount"} <= set(error.value.error_dict)
    claim = services.claim_mark_paid(
        actor=clerk,
        claim_id=claim.pk,
        expected_version=claim.version,
        paid_on=date(2025, 5, 2),
        paid_amount=Decimal("10.09"),
    )
    assert (claim.status, claim.paid_amount) == ("paid", Decimal("10.09"))
    assert [h.status for h in claim.history.order_by("history_date")] == ["draft", "submitted", "paid"]
    with pytest.raises(ValidationError):
        services.claim_rebuild(actor=clerk, claim_id=claim.pk, expected_version=claim.version)


def test_stale_version_is_refused(coach, clerk):
    agreement_with_days(coach, [date(2025, 3, 10)])
    claim = create(clerk)
    services.claim_rebuild(actor=clerk, claim_id=claim.pk, expected_version=claim.version)
    with pytest.raises(ConcurrentEditError):
        services.claim_submit(
            actor=clerk, claim_id=claim.pk, expected_version=claim.version, submitted_on=date(2025, 4, 2)
        )


def test_only_the_clerk_handles_claims(coach, make_user):
    for role in (Role.COACH, Role.SOCIAL_COUNSELLOR, Role.WORKING_GROUP, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            create(make_user(role))


def test_placements_outside_the_municipality_are_claimed_too(coach, clerk):
    agreement = agreement_with_days(coach, [date(2025, 3, 10)])
    agreement.placement.outside_municipality, agreement.placement.municipality = True, "Pertunmaa"
    agreement.placement.save()
    assert totals(create(clerk))[0] == 1
