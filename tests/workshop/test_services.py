"""Workshop services: permissions, validation, overlap, optimistic locking, sessions and the rehab link."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from rehab_work.models import Attendance
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory, PlacementFactory, this_monday
from tests.workshop.factories import GroupFactory, ParticipantFactory, PeriodFactory
from workshop import services
from workshop.models import (
    CompetenceArea,
    GroupSession,
    Qualification,
    ServiceLengthLimit,
    ServicePeriod,
    SessionAttendance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_(coach):
    return ClientFactory(responsible_worker=coach, born=date(1985, 3, 3))


@pytest.fixture
def placement():
    return PlacementFactory(name="TyöVarikko")


def terms(placement, **kw):
    today = timezone.localdate()
    return {
        "kind": "work_trial",
        "placement": placement,
        "start_date": today,
        "end_date": today + timedelta(days=60),
        "hours_total": None,
        "content": "Puutyöt",
        "goals": "Työkyvyn arviointi",
        **kw,
    }


# --- service periods ---------------------------------------------------------------------------------------


def test_coach_creates_a_work_trial(coach, client_, placement):
    period = services.period_create(actor=coach, client_id=client_.pk, **terms(placement))
    assert period.coach == coach and period.history.first().history_user == coach


def test_other_coach_and_clerk_refused(make_user, client_, placement):
    from tests.factories import TeamFactory

    other = make_user(Role.COACH, username="other", team=TeamFactory(name="B"))
    client_.responsible_worker.team = TeamFactory(name="A")
    client_.responsible_worker.save()
    for actor in (other, make_user(Role.OFFICE_CLERK, username="clerk"), make_user(Role.WORKING_GROUP, username="wg")):
        with pytest.raises(PermissionDenied):
            services.period_create(actor=actor, client_id=client_.pk, **terms(placement))
    assert not ServicePeriod.objects.exists()


def test_overlapping_periods_refused_shared_day_included(coach, client_, placement):
    first = services.period_create(actor=coach, client_id=client_.pk, **terms(placement))
    with pytest.raises(ValidationError) as error:
        services.period_create(
            actor=coach,
            client_id=client_.pk,
            **terms(
                placement, kind="social_rehab", start_date=first.end_date, end_date=first.end_date + timedelta(days=10)
            ),
        )
    assert "start_date" in error.value.error_dict
    ok = services.period_create(
        actor=coach,
        client_id=client_.pk,
        **terms(
            placement,
            kind="social_rehab",
            start_date=first.end_date + timedelta(days=1),
            end_date=first.end_date + timedelta(days=10),
        ),
    )
    assert ok.pk and ServicePeriod.objects.count() == 2


def test_overlap_with_a_rehab_agreement_refused(coach, client_, placement):
    AgreementFactory(client=client_, placement=placement)
    with pytest.raises(ValidationError) as error:
        services.period_create(actor=coach, client_id=client_.pk, **terms(placement))
    assert "rehabilitative" in str(error.value) or "kuntouttav" in str(error.value)


def test_work_trial_length_from_the_admin_table(coach, client_, placement):
    start = date(2025, 1, 15)
    with pytest.raises(ValidationError) as error:
        services.period_create(
            actor=coach, client_id=client_.pk, **terms(placement, start_date=start, end_date=date(2025, 7, 15))
        )
    assert "end_date" in error.value.error_dict
    ServiceLengthLimit.objects.filter(kind="work_trial").update(max_months=12)
    assert services.period_create(
        actor=coach, client_id=client_.pk, **terms(placement, start_date=start, end_date=date(2025, 7, 15))
    )


def test_community_service_needs_hours_within_the_law(coach, client_, placement):
    with pytest.raises(ValidationError) as error:
        services.period_create(
            actor=coach, client_id=client_.pk, **terms(placement, kind="community_service", hours_total=250)
        )
    assert "hours_total" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.period_create(actor=coach, client_id=client_.pk, **terms(placement, hours_total=20))
    assert services.period_create(
        actor=coach, client_id=client_.pk, **terms(placement, kind="community_service", hours_total=40)
    )


def test_period_update_optimistic_lock_and_transitions(coach, client_, placement):
    period = services.period_create(actor=coach, client_id=client_.pk, **terms(placement))
    services.period_update(actor=coach, period_id=period.pk, expected_version=period.version, goals="Uusi")
    with pytest.raises(ConcurrentEditError):
        services.period_update(actor=coach, period_id=period.pk, expected_version=period.version, goals="Vanha")
    period.refresh_from_db()
    assert period.goals == "Uusi" and period.version == 2
    services.period_update(actor=coach, period_id=period.pk, expected_version=2, status="ended")
    with pytest.raises(ValidationError):
        services.period_update(actor=coach, period_id=period.pk, expected_version=3, goals="Myöhemmin")


# --- youth workshop and the outreach worker ---------------------------------------------------------------


def youth_terms(start):
    return {"intake_channel": "outreach", "start_date": start, "strengths": "Kädentaidot", "goals": "Opiskelupaikka"}


def test_youth_workshop_refuses_a_29_year_old(coach):
    today = timezone.localdate()
    young = ClientFactory(responsible_worker=coach, born=date(today.year - 20, 1, 1))
    old = ClientFactory(responsible_worker=coach, born=date(today.year - 30, 1, 1))
    assert services.youth_enrol(actor=coach, client_id=young.pk, **youth_terms(today))
    with pytest.raises(ValidationError) as error:
        services.youth_enrol(actor=coach, client_id=old.pk, **youth_terms(today))
    assert "start_date" in error.value.error_dict


def test_youth_worker_coaches_only_clients_under_29(make_user):
    youth_worker = make_user(Role.YOUTH_WORKER, username="etsiva")
    today = timezone.localdate()
    last_day_28 = today.replace(year=today.year - 29) + timedelta(days=1)  # turns 29 tomorrow
    turned_29 = today.replace(year=today.year - 29)  # 29 today
    young = ClientFactory(responsible_worker=youth_worker, born=last_day_28)
    old = ClientFactory(responsible_worker=youth_worker, born=turned_29)
    services.coaching_add(actor=youth_worker, client_id=young.pk, kind="start", start_date=today, goals="Arki")
    with pytest.raises(PermissionDenied):
        services.coaching_add(actor=youth_worker, client_id=old.pk, kind="start", start_date=today, goals="Arki")


def test_coaching_period_must_be_the_clients(coach, client_):
    foreign = PeriodFactory()
    with pytest.raises(ValidationError) as error:
        services.coaching_add(
            actor=coach, client_id=client_.pk, kind="work", start_date=timezone.localdate(), goals="x", period=foreign
        )
    assert "period" in error.value.error_dict


# --- groups -----------------------------------------------------------------------------------------------


def group_fields(**kw):
    today = timezone.localdate()
    return {
        "name": "Voimavararyhmä",
        "description": "",
        "placement": None,
        "weekdays": "24",
        "every_weeks": 1,
        "starts_at": time(9),
        "duration_minutes": 120,
        "first_day": today - timedelta(days=13),
        "last_day": today + timedelta(days=14),
        "counts_as_rehab": False,
        **kw,
    }


def test_group_create_schedules_sessions_and_generation_is_idempotent(coach):
    group = services.group_create(actor=coach, **group_fields())
    count = group.sessions.count()
    assert count == 8 and group.leader == coach
    assert services.group_generate_sessions(actor=coach, group_id=group.pk) == 0
    assert group.sessions.count() == count


def test_group_schedule_change_drops_only_empty_future_sessions(coach):
    group = services.group_create(actor=coach, **group_fields())
    services.group_update(actor=coach, group_id=group.pk, expected_version=group.version, weekdays="2")
    future = group.sessions.filter(day__gt=timezone.localdate())
    assert all(s.day.isoweekday() == 2 for s in future)
    assert group.sessions.filter(day__lte=timezone.localdate(), day__iso_week_day=4).exists()  # past ones kept


def test_group_update_conflict_and_bad_schedule(coach):
    group = services.group_create(actor=coach, **group_fields())
    services.group_update(actor=coach, group_id=group.pk, expected_version=1, name="Uusi nimi")
    with pytest.raises(ConcurrentEditError):
        services.group_update(actor=coach, group_id=group.pk, expected_version=1, name="Toinen")
    with pytest.raises(ValidationError) as error:
        services.group_update(actor=coach, group_id=group.pk, expected_version=2, weekdays="")
    assert "weekdays" in error.value.error_dict
    group.refresh_from_db()
    assert group.name == "Uusi nimi" and group.weekdays == "24"


def test_only_leader_or_counsellor_changes_a_group(coach, make_user):
    group = GroupFactory(leader=coach)
    with pytest.raises(PermissionDenied):
        services.group_generate_sessions(actor=make_user(Role.COACH, username="c2"), group_id=group.pk)
    assert (
        services.group_generate_sessions(actor=make_user(Role.SOCIAL_COUNSELLOR, username="s"), group_id=group.pk) >= 0
    )


def test_participant_add_twice_refused_and_scope(coach, client_, make_user):
    group = GroupFactory(leader=coach)
    services.participant_add(actor=coach, group_id=group.pk, client_id=client_.pk)
    with pytest.raises(ValidationError):
        services.participant_add(actor=coach, group_id=group.pk, client_id=client_.pk)
    from tests.factories import TeamFactory

    stranger = ClientFactory(responsible_worker=make_user(Role.COACH, username="c9", team=TeamFactory(name="Z")))
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=coach, group_id=group.pk, client_id=stranger.pk)
    assert group.participants.count() == 1


def _past_session(group):
    return group.sessions.filter(day__lte=timezone.localdate()).order_by("-day").first()


def test_session_attendance_recorded_and_cleared(coach, client_):
    group = services.group_create(actor=coach, **group_fields())
    ParticipantFactory(group=group, client=client_)
    session = _past_session(group)
    assert services.session_record(actor=coach, session_id=session.pk, presence={client_.pk: "present"}) == 1
    assert SessionAttendance.objects.get().presence == "present"
    services.session_record(actor=coach, session_id=session.pk, presence={client_.pk: ""})
    assert not SessionAttendance.objects.exists()


def test_session_refuses_non_participants_future_and_cancelled(coach, client_):
    group = services.group_create(actor=coach, **group_fields())
    outsider = ClientFactory(responsible_worker=coach)
    ParticipantFactory(group=group, client=client_)
    session = _past_session(group)
    with pytest.raises(ValidationError):
        services.session_record(
            actor=coach, session_id=session.pk, presence={client_.pk: "present", outsider.pk: "present"}
        )
    future = group.sessions.filter(day__gt=timezone.localdate()).first()
    with pytest.raises(ValidationError):
        services.session_record(actor=coach, session_id=future.pk, presence={client_.pk: "present"})
    with pytest.raises(ValidationError):
        services.session_record(actor=coach, session_id=session.pk, presence={client_.pk: "present"}, cancelled=True)
    assert not SessionAttendance.objects.exists()


def test_group_session_counts_as_rehab_work_through_rehab_services(coach, client_, placement):
    agreement = AgreementFactory(client=client_, placement=placement, weekdays="1234", days_per_week=4)
    tuesday = this_monday() - timedelta(days=6)
    group = services.group_create(
        actor=coach, **group_fields(counts_as_rehab=True, weekdays="2", first_day=tuesday, last_day=tuesday)
    )
    ParticipantFactory(group=group, client=client_)
    session = GroupSession.objects.get(group=group)
    services.session_record(actor=coach, session_id=session.pk, presence={client_.pk: "present"})
    day = Attendance.objects.get(agreement=agreement, day=tuesday)
    row = SessionAttendance.objects.get()
    assert row.rehab_attendance == day and day.status == "present" and day.recorded_by == coach
    # Marked absent after all: the rehabilitative-work day recorded from the group is taken back.
    services.session_record(actor=coach, session_id=session.pk, presence={client_.pk: "absent"})
    assert not Attendance.objects.filter(agreement=agreement, day=tuesday).exists()


def test_rehab_limits_still_apply_to_group_sessions(coach, client_, placement):
    # The agreement allows Mondays only: a Tuesday group session is not a rehabilitative-work day.
    agreement = AgreementFactory(client=client_, placement=placement, weekdays="1", days_per_week=1)
    tuesday = this_monday() - timedelta(days=6)
    group = services.group_create(
        actor=coach, **group_fields(counts_as_rehab=True, weekdays="2", first_day=tuesday, last_day=tuesday)
    )
    ParticipantFactory(group=group, client=client_)
    session = GroupSession.objects.get(group=group)
    services.session_record(actor=coach, session_id=session.pk, presence={client_.pk: "present"})
    row = SessionAttendance.objects.get()
    assert row.presence == "present" and row.rehab_attendance is None and row.rehab_note
    assert not Attendance.objects.filter(agreement=agreement, day=tuesday).exists()


def test_leader_who_is_not_the_clients_worker_cannot_write_rehab_days(coach, client_, placement, make_user):
    from django.utils.translation import gettext

    other_coach = make_user(Role.COACH, username="c3")  # no shared team: not the client's worker
    AgreementFactory(client=client_, placement=placement)
    tuesday = this_monday() - timedelta(days=6)
    group = GroupFactory(leader=other_coach, counts_as_rehab=True, weekdays="2", first_day=tuesday, last_day=tuesday)
    services.group_generate_sessions(actor=other_coach, group_id=group.pk)
    ParticipantFactory(group=group, client=client_)
    session = GroupSession.objects.get(group=group)
    services.session_record(actor=other_coach, session_id=session.pk, presence={client_.pk: "present"})
    row = SessionAttendance.objects.get()
    assert row.presence == "present" and row.rehab_attendance is None
    assert row.rehab_note == gettext("Not recorded as rehabilitative work: only the client's own workers can do that.")
    assert not Attendance.objects.filter(day=tuesday).exists()


# --- competence certificate ---------------------------------------------------------------------------------


def test_certificate_areas_must_match_the_qualification(coach, client_, placement):
    wood = Qualification.objects.get(name="Puuteollisuuden perustutkinto")
    food = Qualification.objects.get(name="Ravintola- ja catering-alan perustutkinto")
    today = timezone.localdate()
    args = {
        "qualification": wood,
        "placement": placement,
        "start_date": today - timedelta(days=60),
        "end_date": today,
        "work_description": "Huonekalujen kunnostus",
        "signer_title": "Työvalmentaja",
    }
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(actor=coach, client_id=client_.pk, areas=list(food.areas.all()[:1]), **args)
    assert "areas" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=coach, client_id=client_.pk, areas=[], **args)
    certificate = services.certificate_issue(
        actor=coach, client_id=client_.pk, areas=list(wood.areas.all()[:2]), **args
    )
    assert certificate.signed_by == coach and certificate.areas.count() == 2


def test_certificate_refused_for_clerk(make_user, client_, placement):
    area = CompetenceArea.objects.first()
    with pytest.raises(PermissionDenied):
        services.certificate_issue(
            actor=make_user(Role.OFFICE_CLERK, username="clerk"),
            client_id=client_.pk,
            qualification=area.qualification,
            areas=[area],
            placement=placement,
            start_date=date(2025, 1, 1),
            end_date=date(2025, 2, 1),
            work_description="x",
            signer_title="x",
        )
