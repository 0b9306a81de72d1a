from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clients import services as client_services
from health_cooperation import services
from health_cooperation.models import (
    ExaminationType,
    GuidedReferral,
    HealthCheckReferral,
    PensionExamination,
    PensionInvestigation,
    SoteBooking,
    SoteMeeting,
    SoteNextStep,
    SoteSlot,
)
from joutsa_tyollisyys.models import Notification
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import ConcurrentEditError
from tests.factories import ClientFactory
from tests.health_cooperation.factories import (
    BookingFactory,
    GuidedReferralFactory,
    HealthCheckFactory,
    HealthConsentFactory,
    ScheduleFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _errors(excinfo):
    return excinfo.value.message_dict


# --- consent gate ---------------------------------------------------------------------------------------


def test_no_referral_without_consent_and_nothing_saved(coach, client_without_consent):
    with pytest.raises(services.ConsentMissing) as error:
        services.health_check_refer(actor=coach, client_id=client_without_consent.pk, referred_on=TODAY())
    assert error.value.code == "consent_missing"
    assert "suostumus" in error.value.messages[0]  # Finnish by default
    assert not HealthCheckReferral.objects.exists()


def test_a_withdrawn_or_future_consent_is_not_in_force(coach, client_without_consent):
    HealthConsentFactory(
        client=client_without_consent,
        given_on=TODAY() - timedelta(days=90),
        withdrawn_on=TODAY() - timedelta(days=1),
    )
    HealthConsentFactory(client=client_without_consent, given_on=TODAY() + timedelta(days=1))
    with pytest.raises(services.ConsentMissing):
        services.guided_referral_create(
            actor=coach,
            client_id=client_without_consent.pk,
            target="mental_health",
            reason="Mieliala",
            sent_on=TODAY(),
        )
    assert not GuidedReferral.objects.exists()


def test_a_consent_of_another_purpose_does_not_count(coach, client_without_consent):
    HealthConsentFactory(client=client_without_consent, purpose="te_services")
    with pytest.raises(services.ConsentMissing):
        services.pension_investigation_open(
            actor=coach, client_id=client_without_consent.pk, opened_on=TODAY()
        )
    assert not PensionInvestigation.objects.exists()


def test_back_dated_referral_needs_the_consent_on_that_day(coach, client_without_consent):
    HealthConsentFactory(client=client_without_consent, given_on=TODAY() - timedelta(days=2))
    with pytest.raises(services.ConsentMissing):
        services.health_check_refer(
            actor=coach, client_id=client_without_consent.pk, referred_on=TODAY() - timedelta(days=5)
        )


# --- health checks --------------------------------------------------------------------------------------


def test_refer_records_consent_date_forms_and_author(coach, consenting_client):
    referral = services.health_check_refer(
        actor=coach, client_id=consenting_client.pk, referred_on=TODAY(), referral_form_sent_on=TODAY()
    )
    assert referral.consent == consenting_client.consents.get()
    assert (referral.status, referral.referred_by, referral.place) == (
        "referred",
        coach,
        "Joutsan terveysasema",
    )
    assert referral.history.first().history_user == coach


@pytest.mark.parametrize("role", [Role.OFFICE_CLERK, Role.ADMIN, Role.WORKING_GROUP, Role.COACH])
def test_only_the_clients_own_workers_refer(make_user, consenting_client, role):
    outsider = make_user(role)  # a coach of no team who is not responsible for the client
    with pytest.raises(PermissionDenied):
        services.health_check_refer(actor=outsider, client_id=consenting_client.pk, referred_on=TODAY())
    assert not HealthCheckReferral.objects.exists()


def test_the_social_counsellor_is_one_of_the_clients_workers(social, consenting_client):
    assert services.health_check_refer(actor=social, client_id=consenting_client.pk, referred_on=TODAY()).pk


def test_second_open_referral_is_refused(coach, consenting_client):
    services.health_check_refer(actor=coach, client_id=consenting_client.pk, referred_on=TODAY())
    with pytest.raises(ValidationError):
        services.health_check_refer(actor=coach, client_id=consenting_client.pk, referred_on=TODAY())
    assert HealthCheckReferral.objects.count() == 1


def test_refer_refuses_bad_dates_beside_their_fields(coach, consenting_client):
    with pytest.raises(ValidationError) as error:
        services.health_check_refer(
            actor=coach,
            client_id=consenting_client.pk,
            referred_on=TODAY() + timedelta(1),
            appointment_on=TODAY(),
            referral_form_sent_on=TODAY() + timedelta(2),
        )
    assert set(_errors(error)) == {"referred_on", "referral_form_sent_on", "appointment_on"}
    assert not HealthCheckReferral.objects.exists()


def test_te_forms_in_order_and_feedback_to_te_needs_consent(coach, consenting_client):
    referral = HealthCheckFactory(client=consenting_client, referred_by=coach)
    with pytest.raises(ValidationError) as error:
        services.health_check_update_forms(
            actor=coach,
            referral_id=referral.pk,
            expected_version=referral.version,
            feedback_sent_to_te_on=TODAY(),
        )
    assert "feedback_sent_to_te_on" in _errors(error)
    consenting_client.consents.update(withdrawn_on=TODAY() - timedelta(days=1))
    with pytest.raises(services.ConsentMissing) as error:
        services.health_check_update_forms(
            actor=coach,
            referral_id=referral.pk,
            expected_version=referral.version,
            feedback_form_received_on=TODAY(),
            feedback_sent_to_te_on=TODAY(),
        )
    assert "feedback_sent_to_te_on" in _errors(error)
    referral.refresh_from_db()
    assert referral.feedback_form_received_on is None  # nothing half-saved


def test_forms_update_is_optimistically_locked(coach, consenting_client):
    referral = HealthCheckFactory(client=consenting_client, referred_by=coach)
    services.health_check_update_forms(
        actor=coach, referral_id=referral.pk, expected_version=referral.version, referral_form_sent_on=TODAY()
    )
    with pytest.raises(ConcurrentEditError):
        services.health_check_update_forms(
            actor=coach, referral_id=referral.pk, expected_version=referral.version, appointment_on=TODAY()
        )
    referral.refresh_from_db()
    assert (referral.referral_form_sent_on, referral.appointment_on, referral.version) == (TODAY(), None, 2)


def test_outcome_is_a_work_capacity_note_and_closes_the_referral(coach, consenting_client):
    referral = HealthCheckFactory(client=consenting_client, referred_by=coach)
    with pytest.raises(ValidationError) as error:
        services.health_check_record_outcome(
            actor=coach,
            referral_id=referral.pk,
            expected_version=1,
            checked_on=TODAY(),
            work_capacity="reduced",
        )
    assert "work_capacity_note" in _errors(error)
    with pytest.raises(ValidationError) as error:
        services.health_check_record_outcome(
            actor=coach,
            referral_id=referral.pk,
            expected_version=1,
            checked_on=TODAY() + timedelta(days=1),
            work_capacity="able",
        )
    assert "checked_on" in _errors(error)
    done = services.health_check_record_outcome(
        actor=coach,
        referral_id=referral.pk,
        expected_version=1,
        checked_on=TODAY(),
        work_capacity="reduced",
        work_capacity_note="Selkä ei kestä raskasta työtä.",
    )
    assert (done.status, done.checked_on, done.work_capacity) == ("done", TODAY(), "reduced")
    with pytest.raises(ValidationError) as error:  # done → done is not in the transition table
        services.health_check_record_outcome(
            actor=coach,
            referral_id=referral.pk,
            expected_version=done.version,
            checked_on=TODAY(),
            work_capacity="able",
        )
    assert "status" in _errors(error)


def test_cancel_needs_a_reason(coach, consenting_client):
    referral = HealthCheckFactory(client=consenting_client, referred_by=coach)
    with pytest.raises(ValidationError):
        services.health_check_cancel(actor=coach, referral_id=referral.pk, reason="  ")
    cancelled = services.health_check_cancel(actor=coach, referral_id=referral.pk, reason="Muutti pois")
    assert (cancelled.status, cancelled.cancelled_on) == ("cancelled", TODAY())


# --- guided referrals -----------------------------------------------------------------------------------


def test_no_client_is_passed_on_without_a_reason(coach, consenting_client):
    with pytest.raises(ValidationError) as error:
        services.guided_referral_create(
            actor=coach, client_id=consenting_client.pk, target="substance_abuse", reason=" ", sent_on=TODAY()
        )
    assert "reason" in _errors(error)
    assert not GuidedReferral.objects.exists()


def test_referral_to_the_social_counsellor_notifies_them(coach, social, consenting_client):
    referral = services.guided_referral_create(
        actor=coach,
        client_id=consenting_client.pk,
        target="social_counsellor",
        reason="Asumisen huolet",
        sent_on=TODAY(),
    )
    assert referral.status == "sent" and referral.consent is not None
    note = Notification.objects.get(recipient=social)
    assert "Aino Aalto" in note.message and note.url.endswith(f"/health/clients/{consenting_client.pk}/")


def test_referral_moves_sent_received_done_only(coach, consenting_client):
    referral = GuidedReferralFactory(client=consenting_client, sent_by=coach)
    with pytest.raises(ValidationError):  # sent → done skips "received"
        services.guided_referral_advance(actor=coach, referral_id=referral.pk, status="done")
    services.guided_referral_advance(actor=coach, referral_id=referral.pk, status="received")
    done = services.guided_referral_advance(actor=coach, referral_id=referral.pk, status="done")
    assert (done.status, done.received_on, done.done_on) == ("done", TODAY(), TODAY())
    with pytest.raises(ValidationError):
        services.guided_referral_advance(actor=coach, referral_id=referral.pk, status="received")


# --- the sote team --------------------------------------------------------------------------------------


def test_materialise_creates_meetings_and_slots_once(coach):
    schedule = ScheduleFactory(weekday=1, meetings_ahead=4, reception_slots=2, consultation_slots=3)
    assert services.sote_meetings_materialise(actor=coach) == 4
    assert services.sote_meetings_materialise(actor=coach) == 0  # idempotent
    meetings = list(SoteMeeting.objects.all())
    assert len(meetings) == 4 and all(m.date.weekday() == 1 and m.date >= TODAY() for m in meetings)
    days = [m.date for m in meetings]
    assert [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)] == [14] * 3
    assert SoteSlot.objects.filter(kind="reception").count() == 8
    assert SoteSlot.objects.filter(kind="consultation").count() == 12
    schedule.consultation_slots = 1
    schedule.save()
    services.sote_meetings_materialise(actor=coach)
    assert SoteSlot.objects.count() == 20  # meetings already generated keep their slots


def test_materialise_is_for_the_team_workers(make_user):
    ScheduleFactory()
    for role in (Role.OFFICE_CLERK, Role.WORKING_GROUP, Role.ADMIN, Role.YOUTH_WORKER):
        with pytest.raises(PermissionDenied):
            services.sote_meetings_materialise(actor=make_user(role))
    assert not SoteMeeting.objects.exists()


def test_consultation_needs_the_clients_permission(coach, consenting_client):
    slot = SlotFactory(kind="consultation")
    with pytest.raises(ValidationError) as error:
        services.sote_booking_create(
            actor=coach, client_id=consenting_client.pk, slot_id=slot.pk, topic="Työkyky"
        )
    assert "client_permission_on" in _errors(error)
    assert "lupa" in _errors(error)["client_permission_on"][0]
    assert not SoteBooking.objects.exists()
    booking = services.sote_booking_create(
        actor=coach,
        client_id=consenting_client.pk,
        slot_id=slot.pk,
        topic="Työkyky",
        client_permission_on=TODAY(),
    )
    assert (booking.brought_by, booking.client_permission_on, booking.status) == (coach, TODAY(), "booked")


def test_reception_needs_no_separate_permission(coach, consenting_client):
    slot = SlotFactory(kind="reception")
    booking = services.sote_booking_create(
        actor=coach,
        client_id=consenting_client.pk,
        slot_id=slot.pk,
        topic="Asiakas tulee mukaan",
        client_permission_on=TODAY(),
    )
    assert booking.client_permission_on is None


def test_a_taken_slot_cannot_be_booked_again(coach, consenting_client):
    slot = SlotFactory()
    BookingFactory(slot=slot, client=ClientFactory(responsible_worker=coach))
    with pytest.raises(ValidationError) as error:
        services.sote_booking_create(
            actor=coach,
            client_id=consenting_client.pk,
            slot_id=slot.pk,
            topic="x",
            client_permission_on=TODAY(),
        )
    assert "slot" in _errors(error)
    assert SoteBooking.objects.count() == 1


def test_a_cancelled_booking_frees_the_slot(coach, consenting_client):
    slot = SlotFactory()
    first = BookingFactory(slot=slot, client=consenting_client, brought_by=coach)
    services.sote_booking_cancel(actor=coach, booking_id=first.pk, reason="Asiakas sairastui")
    again = services.sote_booking_create(
        actor=coach, client_id=consenting_client.pk, slot_id=slot.pk, topic="x", client_permission_on=TODAY()
    )
    assert again.slot == slot


def test_past_slots_and_a_second_slot_in_the_same_meeting_are_refused(coach, consenting_client):
    past = SlotFactory(meeting__date=TODAY() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.sote_booking_create(
            actor=coach,
            client_id=consenting_client.pk,
            slot_id=past.pk,
            topic="x",
            client_permission_on=TODAY(),
        )
    first = SlotFactory()
    second = SlotFactory(meeting=first.meeting)
    services.sote_booking_create(
        actor=coach, client_id=consenting_client.pk, slot_id=first.pk, topic="x", client_permission_on=TODAY()
    )
    with pytest.raises(ValidationError) as error:
        services.sote_booking_create(
            actor=coach,
            client_id=consenting_client.pk,
            slot_id=second.pk,
            topic="y",
            client_permission_on=TODAY(),
        )
    assert "slot" in _errors(error)


def test_booking_without_consent_is_refused(coach, client_without_consent):
    slot = SlotFactory()
    with pytest.raises(services.ConsentMissing):
        services.sote_booking_create(
            actor=coach,
            client_id=client_without_consent.pk,
            slot_id=slot.pk,
            topic="x",
            client_permission_on=TODAY(),
        )
    assert not SoteBooking.objects.exists()


def test_conclusion_only_after_the_meeting(coach, consenting_client):
    coming = BookingFactory(client=consenting_client, brought_by=coach)
    with pytest.raises(ValidationError):
        services.sote_booking_record_outcome(
            actor=coach, booking_id=coming.pk, expected_version=1, outcome="x"
        )
    held = BookingFactory(
        client=consenting_client,
        brought_by=coach,
        slot=SlotFactory(meeting__date=TODAY() - timedelta(days=1)),
    )
    done = services.sote_booking_record_outcome(
        actor=coach, booking_id=held.pk, expected_version=1, outcome="Ohjataan fysioterapeutille."
    )
    assert done.status == "handled"
    with pytest.raises(ConcurrentEditError):
        services.sote_booking_record_outcome(actor=coach, booking_id=held.pk, expected_version=1, outcome="y")


def test_the_worker_who_brought_the_case_answers_for_its_next_steps(coach, social, consenting_client):
    booking = BookingFactory(client=consenting_client, brought_by=coach)
    step = services.next_step_add(
        actor=social, booking_id=booking.pk, description="Lääkäriaika", due_on=TODAY() + timedelta(days=7)
    )
    assert step.responsible == coach and step.status == "open"
    done = services.next_step_mark_done(actor=coach, step_id=step.pk)
    assert (done.status, done.done_on, done.done_by) == ("done", TODAY(), coach)
    with pytest.raises(ValidationError):
        services.next_step_mark_done(actor=coach, step_id=step.pk)


def test_next_step_validation_and_cancelled_bookings(coach, clerk, consenting_client):
    booking = BookingFactory(client=consenting_client, brought_by=coach)
    with pytest.raises(ValidationError) as error:
        services.next_step_add(
            actor=coach, booking_id=booking.pk, description="", due_on=TODAY() - timedelta(1)
        )
    assert set(_errors(error)) == {"description", "due_on"}
    with pytest.raises(PermissionDenied):
        services.next_step_add(actor=clerk, booking_id=booking.pk, description="x")
    services.sote_booking_cancel(actor=coach, booking_id=booking.pk, reason="Peruttu")
    with pytest.raises(ValidationError):
        services.next_step_add(actor=coach, booking_id=booking.pk, description="x")
    assert not SoteNextStep.objects.exists()


# --- pension investigations -----------------------------------------------------------------------------


def test_open_investigation_lists_every_examination_in_use(coach, consenting_client):
    seeded = ExaminationType.objects.filter(active=True).count()
    assert seeded >= 10  # seeded by the data migration
    ExaminationType.objects.filter(name="EKG").update(active=False)
    investigation = services.pension_investigation_open(
        actor=coach, client_id=consenting_client.pk, opened_on=TODAY(), health_centre_contact="Palveluohjaaja"
    )
    names = list(investigation.examinations.values_list("examination_type__name", flat=True))
    assert len(names) == seeded - 1 and "EKG" not in names
    assert investigation.responsible_worker == coach
    with pytest.raises(ValidationError):
        services.pension_investigation_open(actor=coach, client_id=consenting_client.pk, opened_on=TODAY())
    assert PensionInvestigation.objects.count() == 1


def test_no_investigation_without_examination_types(coach, consenting_client):
    ExaminationType.objects.update(active=False)
    with pytest.raises(ValidationError):
        services.pension_investigation_open(actor=coach, client_id=consenting_client.pk, opened_on=TODAY())
    assert not PensionInvestigation.objects.exists()


def _investigation(coach, client):
    return services.pension_investigation_open(actor=coach, client_id=client.pk, opened_on=TODAY())


def test_examination_update_validates_status_and_dates(coach, consenting_client):
    examination = _investigation(coach, consenting_client).examinations.first()
    with pytest.raises(ValidationError) as error:
        services.pension_examination_update(
            actor=coach, examination_id=examination.pk, expected_version=1, status="done"
        )
    assert "done_on" in _errors(error)
    with pytest.raises(ValidationError) as error:
        services.pension_examination_update(
            actor=coach, examination_id=examination.pk, expected_version=1, status="not_needed"
        )
    assert "note" in _errors(error)
    with pytest.raises(ValidationError) as error:
        services.pension_examination_update(
            actor=coach, examination_id=examination.pk, expected_version=1, status="pending", done_on=TODAY()
        )
    assert "done_on" in _errors(error)
    saved = services.pension_examination_update(
        actor=coach,
        examination_id=examination.pk,
        expected_version=1,
        status="pending",
        responsible="Terveydenhoitaja",
        planned_on=TODAY() + timedelta(days=10),
    )
    assert saved.version == 2
    with pytest.raises(ConcurrentEditError):
        services.pension_examination_update(
            actor=coach, examination_id=examination.pk, expected_version=1, status="done", done_on=TODAY()
        )


def test_pension_application_only_when_every_examination_is_settled(coach, consenting_client):
    investigation = _investigation(coach, consenting_client)
    examinations = list(investigation.examinations.all())
    for examination in examinations[:-1]:
        services.pension_examination_update(
            actor=coach, examination_id=examination.pk, expected_version=1, status="done", done_on=TODAY()
        )
    with pytest.raises(ValidationError) as error:
        services.pension_investigation_close(
            actor=coach,
            investigation_id=investigation.pk,
            expected_version=1,
            outcome="pension_applied",
            closed_on=TODAY(),
        )
    assert "1" in _errors(error)["outcome"][0]
    services.pension_examination_update(
        actor=coach,
        examination_id=examinations[-1].pk,
        expected_version=1,
        status="not_needed",
        note="Ei oireita",
    )
    closed = services.pension_investigation_close(
        actor=coach,
        investigation_id=investigation.pk,
        expected_version=1,
        outcome="pension_applied",
        closed_on=TODAY(),
    )
    assert (closed.status, closed.outcome) == ("closed", "pension_applied")
    with pytest.raises(ValidationError):
        services.pension_examination_update(
            actor=coach, examination_id=examinations[0].pk, expected_version=2, status="pending"
        )


def test_an_investigation_may_end_otherwise_before_the_examinations(coach, consenting_client):
    investigation = _investigation(coach, consenting_client)
    closed = services.pension_investigation_close(
        actor=coach,
        investigation_id=investigation.pk,
        expected_version=1,
        outcome="rehabilitation",
        closed_on=TODAY(),
    )
    assert closed.status == "closed"


# --- withdrawing the consent ----------------------------------------------------------------------------


def _open_matters(coach, client):
    check = HealthCheckFactory(client=client, referred_by=coach)
    referral = GuidedReferralFactory(client=client, sent_by=coach)
    coming = BookingFactory(client=client, brought_by=coach)
    held = BookingFactory(
        client=client, brought_by=coach, slot=SlotFactory(meeting__date=TODAY() - timedelta(1))
    )
    investigation = _investigation(coach, client)
    return check, referral, coming, held, investigation


def test_withdrawing_the_consent_stops_what_depends_on_it_and_is_logged(coach, consenting_client):
    check, referral, coming, held, investigation = _open_matters(coach, consenting_client)
    client_services.consent_withdraw(actor=coach, consent_id=consenting_client.consents.get().pk)
    for obj in (check, referral, coming, held, investigation):
        obj.refresh_from_db()
    assert (check.status, referral.status, coming.status, investigation.status) == (
        "cancelled",
        "stopped",
        "cancelled",
        "stopped",
    )
    assert held.status == "booked"  # a meeting already held can still be documented
    last = referral.history.first()
    assert last.history_user == coach and "suostumuksen" in last.history_change_reason
    assert Notification.objects.filter(recipient=coach, message__contains="4").exists()


def test_withdrawing_one_of_two_consents_stops_nothing(coach, consenting_client):
    HealthConsentFactory(client=consenting_client, given_on=TODAY() - timedelta(days=3))
    check, referral, *_ = _open_matters(coach, consenting_client)
    client_services.consent_withdraw(actor=coach, consent_id=consenting_client.consents.last().pk)
    check.refresh_from_db()
    referral.refresh_from_db()
    assert (check.status, referral.status) == ("referred", "sent")
    with pytest.raises(ValidationError):
        services.guided_referral_advance(
            actor=coach, referral_id=GuidedReferral.objects.get().pk, status="done"
        )


def test_examination_ids_stay_unique_per_checklist(coach, consenting_client):
    investigation = _investigation(coach, consenting_client)
    assert (
        PensionExamination.objects.filter(investigation=investigation)
        .values("examination_type")
        .distinct()
        .count()
        == investigation.examinations.count()
    )
