"""Every change in health and social-services cooperation goes through here (docs/design.md).

Consent first: no referral, booking or data transfer without the client's consent to share information
with health services in force (``ConsentMissing``). Withdrawing that consent stops what depends on it
(``stop_after_consent_withdrawal``, called when a consent is saved withdrawn).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from clients.models import Client
from joutsa_tyollisyys.messages import Text
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import lock_for_update, notify, require, save_audited

from . import rules
from .enums import (
    BOOKING_TRANSITIONS,
    HEALTH_CHECK_TRANSITIONS,
    INVESTIGATION_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    BookingStatus,
    ExaminationStatus,
    HealthCheckStatus,
    InvestigationOutcome,
    InvestigationStatus,
    NextStepStatus,
    ReferralStatus,
    ReferralTarget,
    SlotKind,
    WorkCapacity,
)
from .models import (
    ExaminationType,
    GuidedReferral,
    HealthCheckReferral,
    HealthCooperationSettings,
    PensionExamination,
    PensionInvestigation,
    SoteBooking,
    SoteMeeting,
    SoteNextStep,
    SoteSlot,
    SoteTeamSchedule,
)
from .selectors import health_consent_in_force

CHANGE = "health_cooperation.change_client_health"


class ConsentMissing(ValidationError):
    """The client has no consent in force to share information with health services."""

    def __init__(self, field=None):
        message = _(
            "The client has no consent in force for sharing information with health services. "
            "Record the client's consent first."
        )
        super().__init__({field: [message]} if field else message, code="consent_missing")


def _require_consent(client, *, on=None, field=None):
    consent = health_consent_in_force(client, on or timezone.localdate())
    if consent is None:
        raise ConsentMissing(field)
    return consent


def _client(actor, client_id):
    client = Client.objects.select_related("responsible_worker").get(pk=client_id)
    require(actor, CHANGE, client)
    return client


def _locked(actor, model, pk, expected_version=None):
    """Lock a row of ``model`` (which has a ``client``) and check the actor may handle that client."""
    obj = lock_for_update(model, pk, expected_version)
    _client(actor, obj.client_id)
    return obj


def _check_transition(table, current, new, message):
    if new not in table.get(current, set()):
        raise ValidationError({"status": [message]})


def _not_in_future(errors, field, value, today):
    if value and value > today:
        errors[field] = [_("This date cannot be in the future.")]


def _cancel_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    return reason[:300]


def _raise(errors):
    if errors:
        raise ValidationError(errors)


# --- unemployed health checks ---------------------------------------------------------------------------


@transaction.atomic
def health_check_refer(
    *, actor, client_id: int, referred_on, place: str = "", appointment_on=None, referral_form_sent_on=None
) -> HealthCheckReferral:
    """Refer the client to the unemployed health check (with the TE referral form, when sent)."""
    client = _client(actor, client_id)
    today = timezone.localdate()
    errors = {}
    _not_in_future(errors, "referred_on", referred_on, today)
    _not_in_future(errors, "referral_form_sent_on", referral_form_sent_on, today)
    if referral_form_sent_on and referred_on and referral_form_sent_on < referred_on:
        errors["referral_form_sent_on"] = [_("The form cannot be sent before the referral.")]
    if appointment_on and referred_on and appointment_on < referred_on:
        errors["appointment_on"] = [_("The appointment cannot be before the referral.")]
    _raise(errors)
    consent = _require_consent(client, on=referred_on)
    _require_consent(client)
    if HealthCheckReferral.objects.filter(client=client, status=HealthCheckStatus.REFERRED).exists():
        raise ValidationError(
            _("The client already has an open health check referral: record its outcome or cancel it first.")
        )
    referral = HealthCheckReferral(
        client=client,
        consent=consent,
        referred_on=referred_on,
        referred_by=actor,
        place=place or HealthCooperationSettings.load().default_health_check_place,
        appointment_on=appointment_on,
        referral_form_sent_on=referral_form_sent_on,
    )
    return save_audited(referral, actor=actor)


def _check_form_dates(referral, data, today):
    errors = {}
    for field in ("referral_form_sent_on", "feedback_form_received_on", "feedback_sent_to_te_on"):
        _not_in_future(errors, field, data.get(field), today)
    sent, received = data.get("referral_form_sent_on"), data.get("feedback_form_received_on")
    to_te = data.get("feedback_sent_to_te_on")
    if sent and sent < referral.referred_on:
        errors.setdefault("referral_form_sent_on", [_("The form cannot be sent before the referral.")])
    if received and received < referral.referred_on:
        errors.setdefault("feedback_form_received_on", [_("Feedback cannot arrive before the referral.")])
    if to_te and not received:
        errors.setdefault("feedback_sent_to_te_on", [_("Record first when the feedback form was received.")])
    elif to_te and to_te < received:
        errors.setdefault("feedback_sent_to_te_on", [_("Feedback cannot be sent on before it was received.")])
    if data.get("appointment_on") and data["appointment_on"] < referral.referred_on:
        errors["appointment_on"] = [_("The appointment cannot be before the referral.")]
    _raise(errors)


@transaction.atomic
def health_check_update_forms(
    *, actor, referral_id: int, expected_version: int, **dates
) -> HealthCheckReferral:
    """Record the appointment and the TE forms: referral form sent, feedback received and sent on to TE.

    Sending the feedback to TE services is a data transfer: it needs the consent in force on that day.
    """
    allowed = {
        "appointment_on",
        "referral_form_sent_on",
        "feedback_form_received_on",
        "feedback_sent_to_te_on",
    }
    if set(dates) - allowed:
        raise ValueError(f"Unknown fields: {sorted(set(dates) - allowed)}")
    referral = _locked(actor, HealthCheckReferral, referral_id, expected_version)
    if referral.status == HealthCheckStatus.CANCELLED:
        raise ValidationError(_("This referral has been cancelled."))
    _check_form_dates(referral, dates, timezone.localdate())
    to_te = dates.get("feedback_sent_to_te_on")
    if to_te and to_te != referral.feedback_sent_to_te_on:
        _require_consent(referral.client, on=to_te, field="feedback_sent_to_te_on")
    for field, value in dates.items():
        setattr(referral, field, value)
    return save_audited(referral, actor=actor)


@transaction.atomic
def health_check_record_outcome(
    *,
    actor,
    referral_id: int,
    expected_version: int,
    checked_on,
    work_capacity: str,
    work_capacity_note: str = "",
) -> HealthCheckReferral:
    referral = _locked(actor, HealthCheckReferral, referral_id, expected_version)
    _check_transition(
        HEALTH_CHECK_TRANSITIONS,
        referral.status,
        HealthCheckStatus.DONE,
        _("The outcome of this referral has already been recorded or it was cancelled."),
    )
    errors = {}
    _not_in_future(errors, "checked_on", checked_on, timezone.localdate())
    if checked_on and checked_on < referral.referred_on:
        errors.setdefault("checked_on", [_("The check cannot be before the referral.")])
    if work_capacity not in WorkCapacity.values:
        errors["work_capacity"] = [_("Choose the work capacity stated in the feedback.")]
    if (
        work_capacity in (WorkCapacity.REDUCED, WorkCapacity.UNABLE, WorkCapacity.UNCLEAR)
        and not work_capacity_note.strip()
    ):
        errors["work_capacity_note"] = [_("Describe briefly what limits the work capacity and what follows.")]
    _raise(errors)
    referral.status = HealthCheckStatus.DONE
    referral.checked_on, referral.work_capacity = checked_on, work_capacity
    referral.work_capacity_note = work_capacity_note.strip()
    return save_audited(referral, actor=actor)


@transaction.atomic
def health_check_cancel(*, actor, referral_id: int, reason: str) -> HealthCheckReferral:
    referral = _locked(actor, HealthCheckReferral, referral_id)
    _check_transition(
        HEALTH_CHECK_TRANSITIONS,
        referral.status,
        HealthCheckStatus.CANCELLED,
        _("Only an open referral can be cancelled."),
    )
    referral.status, referral.cancel_reason = HealthCheckStatus.CANCELLED, _cancel_reason(reason)
    referral.cancelled_on = timezone.localdate()
    return save_audited(referral, actor=actor)


# --- guided referrals -----------------------------------------------------------------------------------


@transaction.atomic
def guided_referral_create(
    *, actor, client_id: int, target: str, reason: str, sent_on, receiver: str = ""
) -> GuidedReferral:
    """Guide the client in person to another service; the reason is always recorded (plan § 1.3)."""
    client = _client(actor, client_id)
    errors = {}
    if target not in ReferralTarget.values:
        errors["target"] = [_("Choose where the client is referred.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Record the reason: no client is passed on without one.")]
    _not_in_future(errors, "sent_on", sent_on, timezone.localdate())
    _raise(errors)
    consent = _require_consent(client, on=sent_on)
    _require_consent(client)
    referral = save_audited(
        GuidedReferral(
            client=client,
            consent=consent,
            target=target,
            reason=reason.strip(),
            sent_on=sent_on,
            sent_by=actor,
            receiver=receiver.strip(),
        ),
        actor=actor,
    )
    if target == ReferralTarget.SOCIAL_COUNSELLOR:
        url = reverse("health_cooperation:client", args=[client.pk])
        for counsellor in (
            get_user_model()
            .objects.filter(groups__name=Role.SOCIAL_COUNSELLOR, is_active=True)
            .exclude(pk=actor.pk)
        ):
            notify(
                recipient=counsellor,
                url=url,
                message=Text(N_("%(worker)s referred %(client)s to you for a service-need assessment."),
                             {"worker": str(actor), "client": client.full_name}),
            )
    return referral


@transaction.atomic
def guided_referral_advance(*, actor, referral_id: int, status: str, on=None) -> GuidedReferral:
    """Sent → received → done, following the transition table."""
    referral = _locked(actor, GuidedReferral, referral_id)
    if status not in (ReferralStatus.RECEIVED, ReferralStatus.DONE):
        raise ValueError("Only 'received' and 'done' are set by hand")
    _check_transition(
        REFERRAL_TRANSITIONS,
        referral.status,
        status,
        _("A referral moves from sent to received to done: this step is not possible now."),
    )
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < referral.sent_on:
        raise ValidationError(_("The date must be between the sending and today."))
    _require_consent(referral.client)
    referral.status = status
    if status == ReferralStatus.RECEIVED:
        referral.received_on = on
    else:
        referral.done_on = on
    return save_audited(referral, actor=actor)


# --- the sote team --------------------------------------------------------------------------------------


def materialise_schedule(schedule: SoteTeamSchedule, *, from_day, count: int) -> int:
    """Create the schedule's next ``count`` meetings (with their slots) on or after ``from_day``.

    Idempotent: a meeting already made for a date is left as it is (with its bookings), so changing the
    rule affects only meetings not yet generated. Returns how many meetings were created.
    """
    tz = timezone.get_current_timezone()
    created = 0
    dates = rules.meeting_dates(
        first_on=schedule.first_on,
        weekday=schedule.weekday,
        interval_weeks=schedule.interval_weeks,
        from_day=from_day,
        count=count,
    )
    plan = rules.slot_plan(start=schedule.start_time, blocks=schedule.slot_blocks())
    for day in dates:
        meeting, made = SoteMeeting.objects.get_or_create(
            schedule=schedule,
            date=day,
            defaults={"start_time": schedule.start_time, "place": schedule.place},
        )
        if made:
            created += 1
            SoteSlot.objects.bulk_create(
                [
                    SoteSlot(
                        meeting=meeting,
                        kind=p.kind,
                        duration_minutes=p.minutes,
                        starts_at=timezone.make_aware(datetime.combine(day, p.starts), tz),
                    )
                    for p in plan
                ]
            )
    return created


@transaction.atomic
def sote_meetings_materialise(*, actor, today=None) -> int:
    """Generate every active schedule's meetings ahead (its ``meetings_ahead``) from today."""
    require(actor, "health_cooperation.manage_sote_schedule")
    return materialise_active_schedules(today or timezone.localdate())


def materialise_active_schedules(today) -> int:
    """Every active schedule's next ``meetings_ahead`` meetings from ``today`` (also the daily task)."""
    return sum(
        materialise_schedule(schedule, from_day=today, count=schedule.meetings_ahead)
        for schedule in SoteTeamSchedule.objects.filter(active=True)
    )


@transaction.atomic
def sote_booking_create(
    *, actor, client_id: int, slot_id: int, topic: str, client_permission_on=None
) -> SoteBooking:
    """Book a slot of the sote team for the client's case; the actor brings the case and answers for it."""
    client = _client(actor, client_id)
    slot = SoteSlot.objects.select_for_update(of=("self",)).select_related("meeting").filter(pk=slot_id).first()
    errors = {}
    if slot is None or slot.starts_at <= timezone.now():
        errors["slot"] = [_("Choose a free slot in a coming meeting.")]
    elif slot.bookings.exclude(status=BookingStatus.CANCELLED).exists():
        errors["slot"] = [_("This slot has just been booked by someone else: choose another.")]
    elif SoteBooking.objects.filter(
        client=client, slot__meeting=slot.meeting, status=BookingStatus.BOOKED
    ).exists():
        errors["slot"] = [_("The client already has a slot in this meeting.")]
    if not (topic or "").strip():
        errors["topic"] = [_("Tell the team what you want to consider.")]
    if slot is not None and slot.kind == SlotKind.CONSULTATION:
        if client_permission_on is None:
            errors["client_permission_on"] = [
                _(
                    "A consultation needs the client's permission to discuss their "
                    "case in the team: record the date it was given."
                )
            ]
        else:
            _not_in_future(errors, "client_permission_on", client_permission_on, timezone.localdate())
    _raise(errors)
    consent = _require_consent(client)
    booking = SoteBooking(
        slot=slot,
        client=client,
        consent=consent,
        brought_by=actor,
        topic=topic.strip(),
        client_permission_on=client_permission_on if slot.kind == SlotKind.CONSULTATION else None,
    )
    try:
        with transaction.atomic():
            return save_audited(booking, actor=actor, clean_exclude=["slot"])
    except IntegrityError:  # a concurrent booking of the same slot won the race
        raise ValidationError(
            {"slot": [_("This slot has just been booked by someone else: choose another.")]}
        ) from None


@transaction.atomic
def sote_booking_record_outcome(
    *, actor, booking_id: int, expected_version: int, outcome: str
) -> SoteBooking:
    booking = _locked(actor, SoteBooking, booking_id, expected_version)
    _check_transition(
        BOOKING_TRANSITIONS,
        booking.status,
        BookingStatus.HANDLED,
        _("The team's conclusion has already been recorded or the booking was cancelled."),
    )
    if booking.slot.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not been held yet: record the conclusion after it."))
    if not (outcome or "").strip():
        raise ValidationError({"outcome": [_("Record the team's conclusion.")]})
    booking.status, booking.outcome = BookingStatus.HANDLED, outcome.strip()
    return save_audited(booking, actor=actor, clean_exclude=["slot"])


@transaction.atomic
def sote_booking_cancel(*, actor, booking_id: int, reason: str) -> SoteBooking:
    booking = _locked(actor, SoteBooking, booking_id)
    _check_transition(
        BOOKING_TRANSITIONS,
        booking.status,
        BookingStatus.CANCELLED,
        _("Only a booked slot can be cancelled."),
    )
    booking.status, booking.cancel_reason = BookingStatus.CANCELLED, _cancel_reason(reason)
    return save_audited(booking, actor=actor, clean_exclude=["slot"])


@transaction.atomic
def next_step_add(*, actor, booking_id: int, description: str, due_on=None) -> SoteNextStep:
    """Record an agreed next step; the worker who brought the case is responsible for it."""
    booking = _locked(actor, SoteBooking, booking_id)
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("The booking was cancelled: no next steps can be added."))
    errors = {}
    if not (description or "").strip():
        errors["description"] = [_("Describe the next step.")]
    if due_on and due_on < timezone.localdate():
        errors["due_on"] = [_("The due date cannot be in the past.")]
    _raise(errors)
    step = SoteNextStep(
        booking=booking, description=description.strip(), due_on=due_on, responsible_id=booking.brought_by_id
    )
    return save_audited(step, actor=actor)


@transaction.atomic
def next_step_mark_done(*, actor, step_id: int) -> SoteNextStep:
    step = lock_for_update(SoteNextStep, step_id)
    _client(actor, step.booking.client_id)
    if step.status != NextStepStatus.OPEN:
        raise ValidationError(_("This next step is already done."))
    step.status, step.done_on, step.done_by = NextStepStatus.DONE, timezone.localdate(), actor
    return save_audited(step, actor=actor)


# --- pension investigations -----------------------------------------------------------------------------


@transaction.atomic
def pension_investigation_open(
    *, actor, client_id: int, opened_on, health_centre_contact: str = ""
) -> PensionInvestigation:
    """Open the checklist of basic examinations (every examination type in use) for the client."""
    client = _client(actor, client_id)
    errors = {}
    _not_in_future(errors, "opened_on", opened_on, timezone.localdate())
    _raise(errors)
    consent = _require_consent(client)
    if PensionInvestigation.objects.filter(client=client, status=InvestigationStatus.OPEN).exists():
        raise ValidationError(_("The client already has an open pension investigation."))
    types = list(ExaminationType.objects.filter(active=True))
    if not types:
        raise ValidationError(
            _("No examination types are in use: ask the administrator to maintain the list.")
        )
    investigation = save_audited(
        PensionInvestigation(
            client=client,
            consent=consent,
            responsible_worker=actor,
            opened_on=opened_on,
            health_centre_contact=health_centre_contact.strip(),
        ),
        actor=actor,
    )
    for examination_type in types:
        save_audited(
            PensionExamination(investigation=investigation, examination_type=examination_type), actor=actor
        )
    return investigation


def _locked_examination(actor, examination_id, expected_version):
    examination = lock_for_update(PensionExamination, examination_id, expected_version)
    investigation = examination.investigation
    require(
        actor, CHANGE, Client.objects.select_related("responsible_worker").get(pk=investigation.client_id)
    )
    if investigation.status != InvestigationStatus.OPEN:
        raise ValidationError(_("The investigation is no longer open."))
    return examination


@transaction.atomic
def pension_examination_update(
    *,
    actor,
    examination_id: int,
    expected_version: int,
    status: str,
    responsible: str = "",
    planned_on=None,
    done_on=None,
    note: str = "",
) -> PensionExamination:
    examination = _locked_examination(actor, examination_id, expected_version)
    errors = {}
    if status not in ExaminationStatus.values:
        errors["status"] = [_("Choose a status.")]
    if status == ExaminationStatus.DONE and not done_on:
        errors["done_on"] = [_("Give the date the examination was done.")]
    if status != ExaminationStatus.DONE and done_on:
        errors["done_on"] = [
            _("Only a done examination has a date done: mark it done or leave the date empty.")
        ]
    _not_in_future(errors, "done_on", done_on, timezone.localdate())
    if status == ExaminationStatus.NOT_NEEDED and not note.strip():
        errors["note"] = [_("Record why the examination is not needed.")]
    _raise(errors)
    examination.status, examination.responsible = status, responsible.strip()
    examination.planned_on, examination.done_on, examination.note = planned_on, done_on, note.strip()
    return save_audited(examination, actor=actor)


@transaction.atomic
def pension_investigation_close(
    *, actor, investigation_id: int, expected_version: int, outcome: str, closed_on, close_note: str = ""
) -> PensionInvestigation:
    investigation = _locked(actor, PensionInvestigation, investigation_id, expected_version)
    _check_transition(
        INVESTIGATION_TRANSITIONS,
        investigation.status,
        InvestigationStatus.CLOSED,
        _("The investigation is no longer open."),
    )
    errors = {}
    if outcome not in InvestigationOutcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    _not_in_future(errors, "closed_on", closed_on, timezone.localdate())
    if closed_on and closed_on < investigation.opened_on:
        errors.setdefault("closed_on", [_("The investigation cannot close before it was opened.")])
    if outcome == InvestigationOutcome.PENSION_APPLIED:
        statuses = list(investigation.examinations.values_list("status", flat=True))
        if not rules.ready_for_pension_decision(statuses):
            settled, total = rules.checklist_progress(statuses)
            errors["outcome"] = [
                _(
                    "Every basic examination must be done (or recorded as not needed) before a "
                    "disability-pension decision: %(missing)s of %(total)s are still to be done."
                )
                % {"missing": total - settled, "total": total}
            ]
    _raise(errors)
    investigation.status, investigation.outcome = InvestigationStatus.CLOSED, outcome
    investigation.closed_on, investigation.close_note = closed_on, close_note.strip()[:300]
    return save_audited(investigation, actor=actor)


# --- consent withdrawal ---------------------------------------------------------------------------------


def stop_after_consent_withdrawal(*, actor, client_id: int) -> int:
    """Stop what rests on the client's health consent once none is in force any more.

    Open health-check referrals are cancelled, open guided referrals stopped, bookings of coming sote
    meetings cancelled and open pension investigations stopped — each with the reason in its change
    history — and the workers concerned are notified. Called inside the withdrawal's transaction
    (``signals.py``); the withdrawal itself was permitted by ``clients.consent_withdraw``.
    """
    client = Client.objects.get(pk=client_id)
    today = timezone.localdate()
    if health_consent_in_force(client, today) is not None:
        return 0
    reason = _("The client withdrew the consent to share information with health services.")
    stopped, workers = 0, set()

    def stop(obj, worker_id, **fields):
        nonlocal stopped
        for name, value in fields.items():
            setattr(obj, name, value)
        obj._change_reason = reason
        save_audited(obj, actor=actor, clean_exclude=["slot"])
        stopped += 1
        workers.add(worker_id)

    for referral in HealthCheckReferral.objects.select_for_update(of=("self",)).filter(
        client=client, status=HealthCheckStatus.REFERRED
    ):
        stop(
            referral,
            referral.referred_by_id,
            status=HealthCheckStatus.CANCELLED,
            cancel_reason=reason,
            cancelled_on=today,
        )
    for referral in GuidedReferral.objects.select_for_update(of=("self",)).filter(
        client=client, status__in=[ReferralStatus.SENT, ReferralStatus.RECEIVED]
    ):
        stop(
            referral, referral.sent_by_id, status=ReferralStatus.STOPPED, stop_reason=reason, stopped_on=today
        )
    for booking in SoteBooking.objects.select_for_update(of=("self",)).filter(
        client=client, status=BookingStatus.BOOKED, slot__starts_at__gt=timezone.now()
    ):
        stop(booking, booking.brought_by_id, status=BookingStatus.CANCELLED, cancel_reason=reason)
    for investigation in PensionInvestigation.objects.select_for_update(of=("self",)).filter(
        client=client, status=InvestigationStatus.OPEN
    ):
        stop(
            investigation,
            investigation.responsible_worker_id,
            status=InvestigationStatus.STOPPED,
            closed_on=today,
            close_note=reason,
        )
    if stopped:
        url = reverse("health_cooperation:client", args=[client.pk])
        message = Text(
            N_("%(client)s withdrew the consent to share information with health services: "
               "%(count)s open matter was stopped."),
            {"client": client.full_name, "count": stopped},
            plural=N_("%(client)s withdrew the consent to share information with health services: "
                      "%(count)s open matters were stopped."),
        )
        for worker in get_user_model().objects.filter(pk__in=workers):
            notify(recipient=worker, message=message, url=url)
    return stopped
