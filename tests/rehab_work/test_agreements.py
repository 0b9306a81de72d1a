"""Agreement services: drafting, the decision, signing (meetings booked), extension and early ending."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clients.models import Meeting
from joutsa_tyollisyys.dates import add_months, period_last_day
from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from rehab_work import services
from rehab_work.enums import AgreementStatus
from rehab_work.models import AgreementChange, RehabAgreement, RehabDecision
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory, AttendanceFactory, PlacementFactory, this_monday

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_(coach):
    return ClientFactory(responsible_worker=coach)


def terms(**overrides):
    start = this_monday() + timedelta(weeks=1)
    data = {
        "placement": PlacementFactory(name="TyöVarikko"),
        "start_date": start,
        "end_date": period_last_day(start, 6),
        "days_per_week": 3,
        "hours_per_day": Decimal("6"),
        "weekdays": ["1", "2", "3"],
        "tasks": "Puutyöt",
        "goals": "Päivärytmi",
        "coaching_plan": "Tapaaminen joka kuukausi",
    }
    return {**data, **overrides}


def draft(coach, client, **overrides):
    return services.agreement_draft(actor=coach, client_id=client.pk, **terms(**overrides))


def approve(social, agreement):
    agreement.refresh_from_db()
    return services.decision_make(
        actor=social, agreement_id=agreement.pk, expected_version=agreement.version, outcome="approved"
    )


def submitted(coach, client, **overrides):
    agreement = draft(coach, client, **overrides)
    return services.agreement_submit(
        actor=coach, agreement_id=agreement.pk, expected_version=agreement.version
    )


def test_draft_records_the_drafter_and_history(coach, client_):
    agreement = draft(coach, client_)
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.weekdays == "123"
    assert agreement.drafted_by == coach
    assert agreement.history.first().history_user == coach


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"days_per_week": 5, "weekdays": ["1", "2", "3", "4", "5"]}, "days_per_week"),
        ({"hours_per_day": Decimal("3.5")}, "hours_per_day"),
        ({"end_date": this_monday() + timedelta(weeks=4)}, "end_date"),
        ({"end_date": this_monday()}, "end_date"),  # before the start
    ],
)
def test_unlawful_terms_are_refused_beside_the_field_and_nothing_is_saved(coach, client_, override, field):
    with pytest.raises(ValidationError) as error:
        draft(coach, client_, **override)
    assert field in error.value.error_dict
    assert not RehabAgreement.objects.exists()


def test_overlapping_agreements_are_refused(coach, client_):
    first = draft(coach, client_)
    with pytest.raises(ValidationError) as error:
        draft(coach, client_, start_date=first.end_date, end_date=add_months(first.end_date, 4))
    assert "start_date" in error.value.error_dict
    draft(
        coach,
        client_,
        start_date=first.end_date + timedelta(days=1),
        end_date=add_months(first.end_date, 4),
    )  # the next day is fine
    assert RehabAgreement.objects.filter(client=client_).count() == 2


def test_a_cancelled_agreement_no_longer_reserves_the_period(coach, client_):
    first = draft(coach, client_)
    services.agreement_cancel(actor=coach, agreement_id=first.pk, expected_version=first.version)
    draft(coach, client_)
    assert RehabAgreement.objects.filter(client=client_, status=AgreementStatus.DRAFT).count() == 1


def test_only_the_clients_workers_may_draft(make_user, client_):
    for role in (Role.OFFICE_CLERK, Role.WORKING_GROUP, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            draft(make_user(role), client_)
    other_team_coach = make_user(Role.COACH, team=None)
    client_.responsible_worker = other_team_coach
    client_.save()
    with pytest.raises(PermissionDenied):
        draft(make_user(Role.COACH), client_)


def test_inactive_placement_is_refused(coach, client_):
    placement = PlacementFactory(name="Suljettu", active=False)
    with pytest.raises(ValidationError) as error:
        draft(coach, client_, placement=placement)
    assert "placement" in error.value.error_dict


def test_submit_notifies_the_social_counsellors(coach, client_, social):
    agreement = submitted(coach, client_)
    assert agreement.status == AgreementStatus.SUBMITTED
    assert Notification.objects.filter(recipient=social).count() == 1


def test_approval_notifies_the_coach(coach, client_, social):
    agreement = submitted(coach, client_)
    decision = approve(social, agreement)
    agreement.refresh_from_db()
    assert decision.outcome == "approved" and agreement.status == AgreementStatus.APPROVED
    note = Notification.objects.get(recipient=coach)
    assert client_.full_name in note.message and note.url == agreement.get_absolute_url()


def test_rejection_needs_reasons_and_nothing_is_saved_without(coach, client_, social):
    agreement = submitted(coach, client_)
    with pytest.raises(ValidationError) as error:
        services.decision_make(
            actor=social,
            agreement_id=agreement.pk,
            expected_version=agreement.version,
            outcome="rejected",
            reason="  ",
        )
    assert "reason" in error.value.error_dict
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUBMITTED and not RehabDecision.objects.exists()
    services.decision_make(
        actor=social,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        outcome="rejected",
        reason="Jakso liian pitkä",
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.REJECTED


def test_only_a_social_counsellor_decides(coach, client_, make_user):
    agreement = submitted(coach, client_)
    for actor in (coach, make_user(Role.OFFICE_CLERK), make_user(Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            services.decision_make(
                actor=actor, agreement_id=agreement.pk, expected_version=agreement.version, outcome="approved"
            )


def test_nobody_approves_their_own_draft(social, make_user):
    client = ClientFactory(responsible_worker=social)
    agreement = submitted(social, client)
    with pytest.raises(PermissionDenied):
        approve(social, agreement)
    approve(make_user(Role.SOCIAL_COUNSELLOR), agreement)


def test_a_counsellor_who_edited_the_draft_cannot_approve_it(coach, client_, social, make_user):
    agreement = draft(coach, client_)
    services.agreement_update(
        actor=social,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        **terms(placement=agreement.placement, goals="Muokattu"),
    )
    agreement.refresh_from_db()
    services.agreement_submit(actor=coach, agreement_id=agreement.pk, expected_version=agreement.version)
    with pytest.raises(PermissionDenied):
        approve(social, agreement)


def test_a_rejected_agreement_is_revised_and_decided_again_by_the_same_counsellor(coach, client_, social):
    agreement = submitted(coach, client_)
    services.decision_make(
        actor=social,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        outcome="rejected",
        reason="Tarkenna tavoitteet",
    )
    agreement.refresh_from_db()
    services.agreement_update(
        actor=coach,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        **terms(placement=agreement.placement, goals="Tarkennetut tavoitteet"),
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    services.agreement_submit(actor=coach, agreement_id=agreement.pk, expected_version=agreement.version)
    approve(social, agreement)
    assert agreement.decisions.count() == 2


def test_stale_version_is_refused_and_nothing_is_overwritten(coach, client_):
    agreement = draft(coach, client_)
    services.agreement_update(
        actor=coach,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        **terms(placement=agreement.placement, goals="Ensimmäinen"),
    )
    with pytest.raises(ConcurrentEditError):
        services.agreement_update(
            actor=coach,
            agreement_id=agreement.pk,
            expected_version=agreement.version,
            **terms(placement=agreement.placement, goals="Toinen"),
        )
    agreement.refresh_from_db()
    assert agreement.goals == "Ensimmäinen"


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def sign(coach, agreement, **overrides):
    agreement.refresh_from_db()
    data = {
        "signed_on": timezone.localdate(),
        "first_follow_up_at": at(timezone.localdate() + timedelta(days=7)),
        "follow_up_interval_weeks": 4,
        "final_evaluation_at": at(agreement.final_evaluation_deadline),
    }
    data.update(overrides)
    return services.agreement_sign(
        actor=coach, agreement_id=agreement.pk, expected_version=agreement.version, **data
    )


def test_signing_needs_approval(coach, client_):
    agreement = submitted(coach, client_)
    with pytest.raises(ValidationError):
        sign(coach, agreement)
    assert not Meeting.objects.exists()


def test_signing_books_follow_ups_and_the_final_evaluation_in_the_calendar(coach, client_, social, login):
    agreement = submitted(coach, client_)
    approve(social, agreement)
    agreement = sign(coach, agreement)
    assert agreement.status == AgreementStatus.SIGNED and agreement.signed_by == coach
    final = agreement.final_evaluation_meeting
    assert final.status == "planned" and final.worker == coach
    assert timezone.localtime(final.starts_at).date() == agreement.final_evaluation_deadline
    follow_ups = list(agreement.follow_up_meetings.order_by("starts_at"))
    assert len(follow_ups) >= 5 and all(m.starts_at < final.starts_at for m in follow_ups)
    assert follow_ups[1].starts_at - follow_ups[0].starts_at == timedelta(weeks=4)
    feed = login(coach).get(f"/clients/calendar/{coach.calendar_token}.ics").content.decode()
    assert feed.count("BEGIN:VEVENT") == len(follow_ups) + 1


def test_final_evaluation_later_than_two_weeks_before_the_end_is_refused(coach, client_, social):
    agreement = submitted(coach, client_)
    approve(social, agreement)
    late = at(agreement.final_evaluation_deadline + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        sign(coach, agreement, final_evaluation_at=late)
    assert "final_evaluation_at" in error.value.error_dict
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.APPROVED and not Meeting.objects.exists()


def test_a_meeting_in_the_past_is_refused_and_nothing_is_booked(coach, client_, social):
    agreement = submitted(coach, client_)
    approve(social, agreement)
    with pytest.raises(ValidationError) as error:
        sign(coach, agreement, first_follow_up_at=timezone.now() - timedelta(days=1))
    assert "first_follow_up_at" in error.value.error_dict
    assert not Meeting.objects.exists()


def signed_agreement(coach, client, social, **overrides):
    agreement = submitted(coach, client, **overrides)
    approve(social, agreement)
    return sign(coach, agreement)


def test_extension_keeps_history_and_moves_the_final_evaluation(coach, client_, social):
    agreement = signed_agreement(coach, client_, social)
    old_end, old_meeting = agreement.end_date, agreement.final_evaluation_meeting
    new_end = old_end + timedelta(days=60)
    new_final = timezone.localtime(old_meeting.starts_at) + timedelta(days=60)
    services.agreement_extend(
        actor=coach,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        new_end_date=new_end,
        reason="Tavoitteet kesken",
        final_evaluation_at=new_final,
    )
    agreement.refresh_from_db()
    old_meeting.refresh_from_db()
    assert agreement.end_date == new_end
    change = AgreementChange.objects.get(agreement=agreement)
    assert (change.kind, change.previous_end, change.new_end, change.reason) == (
        "extension",
        old_end,
        new_end,
        "Tavoitteet kesken",
    )
    assert old_meeting.status == "cancelled"
    assert agreement.final_evaluation_meeting.starts_at == new_final
    assert agreement.history.filter(end_date=old_end).exists()


def test_extension_beyond_24_months_or_without_reason_is_refused(coach, client_, social):
    agreement = signed_agreement(coach, client_, social)
    with pytest.raises(ValidationError) as error:
        services.agreement_extend(
            actor=coach,
            agreement_id=agreement.pk,
            expected_version=agreement.version,
            new_end_date=add_months(agreement.start_date, 25),
            reason="x",
        )
    assert "new_end_date" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.agreement_extend(
            actor=coach,
            agreement_id=agreement.pk,
            expected_version=agreement.version,
            new_end_date=agreement.end_date + timedelta(days=30),
            reason="",
        )
    assert "reason" in error.value.error_dict
    assert not AgreementChange.objects.exists()


def test_extension_into_the_next_agreement_is_refused(coach, client_, social):
    agreement = signed_agreement(coach, client_, social)
    draft(
        coach,
        client_,
        start_date=agreement.end_date + timedelta(days=1),
        end_date=add_months(agreement.end_date, 4),
    )
    with pytest.raises(ValidationError) as error:
        services.agreement_extend(
            actor=coach,
            agreement_id=agreement.pk,
            expected_version=agreement.version,
            new_end_date=agreement.end_date + timedelta(days=10),
            reason="Jatko",
        )
    assert "new_end_date" in error.value.error_dict


def test_early_ending_cancels_later_meetings_and_keeps_the_reason(coach, client_, social):
    agreement = signed_agreement(coach, client_, social)
    ended_on = timezone.localdate() + timedelta(days=10)
    services.agreement_end_early(
        actor=coach,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        ended_on=ended_on,
        reason="Työllistyi",
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED and agreement.ended_early
    assert agreement.end_date == ended_on and agreement.ending_reason == "Työllistyi"
    assert agreement.changes.get().kind == "early_end"
    planned = Meeting.objects.filter(client=client_, status="planned")
    assert all(timezone.localtime(m.starts_at).date() <= ended_on for m in planned)
    assert agreement.final_evaluation_meeting.status == "cancelled"


def test_early_ending_before_recorded_attendance_is_refused(coach, client_):
    agreement = AgreementFactory(client=client_, drafted_by=coach)
    AttendanceFactory(agreement=agreement, day=agreement.start_date + timedelta(days=7))
    with pytest.raises(ValidationError) as error:
        services.agreement_end_early(
            actor=coach,
            agreement_id=agreement.pk,
            expected_version=agreement.version,
            ended_on=agreement.start_date + timedelta(days=1),
            reason="Muutto",
        )
    assert "ended_on" in error.value.error_dict
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED and not agreement.changes.exists()


def test_finished_agreements_are_closed_by_the_daily_job(coach, client_):
    old = AgreementFactory(
        client=client_,
        start_date=this_monday() - timedelta(weeks=30),
        end_date=this_monday() - timedelta(days=1),
    )
    running = AgreementFactory(client=ClientFactory(responsible_worker=coach))
    from rehab_work.tasks import close_finished_agreements

    assert close_finished_agreements.delay().get() == 1
    old.refresh_from_db()
    running.refresh_from_db()
    assert (old.status, running.status) == (AgreementStatus.ENDED, AgreementStatus.SIGNED)


def test_final_evaluation_marks_the_booked_meeting_held(coach, client_, social):
    start = this_monday() - timedelta(weeks=2)
    agreement = signed_agreement(
        coach, client_, social, start_date=start, end_date=period_last_day(start, 6)
    )
    services.final_evaluation_record(
        actor=coach,
        agreement_id=agreement.pk,
        held_on=timezone.localdate(),
        summary="Tavoitteet saavutettu",
        next_step="training",
        next_step_details="Ammattiopisto",
    )
    meeting = agreement.final_evaluation_meeting
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.notes == "Tavoitteet saavutettu"
    assert "Ammattiopisto" in meeting.next_steps
    with pytest.raises(ValidationError):
        services.final_evaluation_record(
            actor=coach, agreement_id=agreement.pk, held_on=timezone.localdate(), summary="Toinen"
        )


def test_final_evaluation_and_feedback_need_a_signed_agreement(coach, client_):
    agreement = draft(coach, client_)
    with pytest.raises(ValidationError):
        services.final_evaluation_record(
            actor=coach, agreement_id=agreement.pk, held_on=timezone.localdate(), summary="x"
        )
    with pytest.raises(ValidationError):
        services.feedback_record(
            actor=coach,
            agreement_id=agreement.pk,
            given_on=timezone.localdate(),
            filled_by="by_client",
            score_tasks=5,
            score_guidance=5,
            score_community=5,
            score_overall=5,
        )


def test_feedback_scores_are_one_to_five_and_recorded_once(coach, client_):
    agreement = AgreementFactory(client=client_)
    kwargs = {
        "actor": coach,
        "agreement_id": agreement.pk,
        "given_on": timezone.localdate(),
        "filled_by": "with_client",
        "score_tasks": 4,
        "score_guidance": 5,
        "score_community": 3,
    }
    with pytest.raises(ValidationError):
        services.feedback_record(**kwargs, score_overall=6)
    services.feedback_record(**kwargs, score_overall=5, comments="Hyvä porukka")
    with pytest.raises(ValidationError):
        services.feedback_record(**kwargs, score_overall=4)
