"""Attendance: one day at a time, the agreed weekdays and period, the days a week, the weekly grid."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joutsa_tyollisyys.roles import Role
from rehab_work import services
from rehab_work.enums import AgreementStatus
from rehab_work.models import Attendance, ClaimedDay
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory, AttendanceFactory, ClaimFactory, this_monday

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(coach):
    """Signed, began four weeks ago on a Monday; Mon–Thu, 3 days a week."""
    return AgreementFactory(client=ClientFactory(responsible_worker=coach), days_per_week=3, weekdays="1234")


def monday_of(agreement, week=0):
    return agreement.start_date + timedelta(weeks=week)


def mark(coach, agreement, day, status="present"):
    return services.attendance_set(actor=coach, agreement_id=agreement.pk, day=day, status=status)


def test_present_and_absent_days_are_recorded_with_history(coach, agreement):
    monday = monday_of(agreement)
    mark(coach, agreement, monday)
    mark(coach, agreement, monday + timedelta(days=1), "child_illness")
    assert dict(Attendance.objects.values_list("day", "status")) == {
        monday: "present",
        monday + timedelta(days=1): "child_illness",
    }
    attendance = Attendance.objects.get(day=monday)
    assert attendance.recorded_by == coach and attendance.history.first().history_user == coach


def test_changing_and_clearing_a_day(coach, agreement):
    monday = monday_of(agreement)
    mark(coach, agreement, monday)
    mark(coach, agreement, monday, "own_illness")
    assert Attendance.objects.get().status == "own_illness"
    assert mark(coach, agreement, monday, "") is None
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("side", ["before", "after"])
def test_a_day_outside_the_period_is_refused(coach, agreement, side):
    day = (
        agreement.start_date - timedelta(days=7)
        if side == "before"
        else agreement.end_date + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        mark(coach, agreement, day)
    assert "day" in error.value.error_dict
    assert not Attendance.objects.exists()


def test_a_day_outside_the_agreed_weekdays_is_refused(coach, agreement):
    friday = monday_of(agreement) + timedelta(days=4)
    with pytest.raises(ValidationError) as error:
        mark(coach, agreement, friday)
    assert friday.strftime("%d.%m.%Y") in error.value.messages[0]


def test_more_days_than_the_days_a_week_are_refused(coach, agreement):
    monday = monday_of(agreement)
    for offset in range(3):
        mark(coach, agreement, monday + timedelta(days=offset), "present" if offset else "unexcused")
    with pytest.raises(ValidationError) as error:
        mark(coach, agreement, monday + timedelta(days=3))
    assert "3" in error.value.messages[0]
    assert Attendance.objects.count() == 3
    mark(coach, agreement, monday + timedelta(days=7))  # the next week is fine


def test_presence_cannot_be_recorded_in_advance_but_a_known_absence_can(coach, make_user):
    agreement = AgreementFactory(
        client=ClientFactory(responsible_worker=coach),
        start_date=this_monday() - timedelta(weeks=1),
        weekdays="1234567",
        days_per_week=4,
    )
    future = this_monday() + timedelta(days=8)
    with pytest.raises(ValidationError):
        mark(coach, agreement, future)
    mark(coach, agreement, future, "job_interview")
    assert Attendance.objects.get().status == "job_interview"


def test_attendance_needs_a_signed_agreement(coach):
    agreement = AgreementFactory(
        client=ClientFactory(responsible_worker=coach), status=AgreementStatus.APPROVED
    )
    with pytest.raises(ValidationError):
        mark(coach, agreement, agreement.start_date)


def test_other_workers_cannot_record(agreement, make_user):
    for role in (Role.OFFICE_CLERK, Role.WORKING_GROUP, Role.COACH):
        with pytest.raises(PermissionDenied):
            mark(make_user(role), agreement, agreement.start_date)
    mark(make_user(Role.SOCIAL_COUNSELLOR), agreement, agreement.start_date)


def test_an_unknown_status_is_refused(coach, agreement):
    with pytest.raises(ValidationError) as error:
        mark(coach, agreement, agreement.start_date, "holiday")
    assert "status" in error.value.error_dict


def test_a_day_claimed_from_keha_cannot_change_but_a_draft_claim_lets_go(coach, agreement, make_user):
    day = agreement.start_date
    attendance = AttendanceFactory(agreement=agreement, day=day)
    claim = ClaimFactory(status="submitted")
    ClaimedDay.objects.create(
        claim=claim, attendance=attendance, client=agreement.client, day=day, amount="10.09"
    )
    with pytest.raises(ValidationError) as error:
        mark(coach, agreement, day, "own_illness")
    assert "KEHA" in error.value.messages[0]
    claim.status = "draft"
    claim.save()
    mark(coach, agreement, day, "own_illness")
    assert not ClaimedDay.objects.exists()


def test_fill_week_marks_the_agreed_days_up_to_the_limit(coach, agreement):
    monday = monday_of(agreement, 1)
    mark(coach, agreement, monday + timedelta(days=1), "own_illness")
    filled = services.attendance_fill_week(
        actor=coach, agreement_id=agreement.pk, monday=monday + timedelta(days=2)
    )
    assert filled == 2
    assert dict(Attendance.objects.values_list("day", "status")) == {
        monday: "present",
        monday + timedelta(days=1): "own_illness",
        monday + timedelta(days=2): "present",
    }


def test_fill_week_does_not_fill_future_days(coach):
    agreement = AgreementFactory(
        client=ClientFactory(responsible_worker=coach),
        weekdays="1234567",
        start_date=this_monday() - timedelta(weeks=1),
    )
    services.attendance_fill_week(
        actor=coach, agreement_id=agreement.pk, monday=this_monday() + timedelta(weeks=1)
    )
    assert not Attendance.objects.exists()


# --- many days at once (the weekly grid's "Save") ------------------------------------------------------


def _week(agreement, status="present", week=0):
    monday = monday_of(agreement, week)
    return [(agreement.pk, monday + timedelta(days=n), status) for n in range(3)]


def test_many_days_of_many_clients_in_a_constant_number_of_queries(coach, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = [AgreementFactory(client=ClientFactory(responsible_worker=coach), days_per_week=3, weekdays="1234")]
    many = [AgreementFactory(client=ClientFactory(responsible_worker=coach), days_per_week=3, weekdays="1234")
            for _ in range(5)]
    warm = AgreementFactory(client=ClientFactory(responsible_worker=coach), days_per_week=3, weekdays="1234")
    services.attendance_set_many(actor=coach, changes=_week(warm))  # the user's roles are read once per user
    counts = []
    for group in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            assert services.attendance_set_many(actor=coach, changes=[c for a in group for c in _week(a)]) == {}
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert Attendance.objects.filter(status="present").count() == 21
    assert {h.history_user for h in Attendance.history.all()} == {coach}
    changes = [c for a in many for c in _week(a, "own_illness")]
    with django_assert_max_num_queries(counts[0] + 2):  # the updates
        assert services.attendance_set_many(actor=coach, changes=changes) == {}
    assert Attendance.objects.filter(status="own_illness").count() == 15
    assert Attendance.history.filter(history_type="~").count() == 15


def test_one_refused_day_saves_nothing_and_says_which(coach, agreement):
    good = _week(agreement)
    friday = monday_of(agreement) + timedelta(days=4)  # not an agreed weekday
    errors = services.attendance_set_many(actor=coach, changes=[*good, (agreement.pk, friday, "present")])
    assert list(errors) == [(agreement.pk, friday)]
    assert "weekdays" in " ".join(errors[(agreement.pk, friday)].messages) or errors[(agreement.pk, friday)]
    assert not Attendance.objects.exists()
    fourth = (agreement.pk, monday_of(agreement) + timedelta(days=3), "present")  # 4 days, 3 a week agreed
    errors = services.attendance_set_many(actor=coach, changes=[*good, fourth])
    assert list(errors) == [fourth[:2]] and not Attendance.objects.exists()


def test_clearing_makes_room_in_the_same_save(coach, agreement):
    services.attendance_set_many(actor=coach, changes=_week(agreement))
    monday = monday_of(agreement)
    swap = [(agreement.pk, monday + timedelta(days=3), "present"), (agreement.pk, monday, "")]
    assert services.attendance_set_many(actor=coach, changes=swap) == {}
    assert sorted(Attendance.objects.values_list("day", flat=True)) == [monday + timedelta(days=n) for n in (1, 2, 3)]


def test_many_days_need_the_right_to_every_agreement(coach, agreement, make_user):
    other = AgreementFactory(client=ClientFactory(responsible_worker=make_user(Role.COACH)))
    with pytest.raises(PermissionDenied):
        services.attendance_set_many(actor=coach, changes=[*_week(agreement), *_week(other)])
    assert not Attendance.objects.exists()
