"""Every change in rehabilitative work goes through here: role check, validation, history, one transaction."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from simple_history.utils import bulk_create_with_history

from clients import services as client_services
from clients.enums import MeetingKind, MeetingStatus
from clients.models import Client
from joutsa_tyollisyys.formatting import format_date
from joutsa_tyollisyys.messages import Text
from joutsa_tyollisyys.roles import Role, has_role
from joutsa_tyollisyys.services import MissingVersionError, lock_for_update, notify, require, save_audited

from . import rules, selectors
from .enums import (
    AGREEMENT_TRANSITIONS,
    CLAIM_TRANSITIONS,
    EDITABLE_STATUSES,
    OCCUPYING_STATUSES,
    RUNNING_STATUSES,
    AgreementStatus,
    AttendanceStatus,
    ChangeKind,
    ClaimKind,
    ClaimStatus,
    DecisionOutcome,
)
from .models import (
    AgreementChange,
    Attendance,
    ClaimedDay,
    CompensationClaim,
    CompensationRate,
    Feedback,
    FinalEvaluation,
    RehabAgreement,
    RehabDecision,
)

#: The terms of an agreement a worker writes (the rest is set by the process).
AGREEMENT_TERMS = (
    "placement",
    "start_date",
    "end_date",
    "days_per_week",
    "hours_per_day",
    "weekdays",
    "tasks",
    "goals",
    "coaching_plan",
)


# --- agreements -----------------------------------------------------------------------------------------


def _move(agreement, new_status):
    """Change the status along AGREEMENT_TRANSITIONS, or refuse in a sentence."""
    if new_status not in AGREEMENT_TRANSITIONS[AgreementStatus(agreement.status)]:
        raise ValidationError(
            _("This cannot be done to an agreement in status “%(status)s”.")
            % {"status": agreement.get_status_display()}
        )
    agreement.status = new_status


def _locked_agreement(actor, agreement_id, expected_version, perm="rehab_work.change_agreement"):
    agreement = lock_for_update(RehabAgreement, agreement_id, expected_version)
    require(actor, perm, agreement)
    return agreement


def _lock_client(client_id):
    """Serialise agreement writes per client, so that two overlapping agreements cannot slip in together."""
    return Client.objects.select_for_update(of=("self",)).select_related("responsible_worker").get(pk=client_id)


def _check_terms(agreement, *, end_field="end_date"):
    """The law's rules, an active placement and no overlap with the client's other agreements."""
    errors = rules.agreement_term_errors(
        start=agreement.start_date,
        end=agreement.end_date,
        days_per_week=agreement.days_per_week,
        hours_per_day=agreement.hours_per_day,
        weekdays=agreement.weekdays,
    )
    if end_field != "end_date" and "end_date" in errors:
        errors[end_field] = errors.pop("end_date")
    if agreement.placement_id and not agreement.placement.active and agreement.status not in RUNNING_STATUSES:
        errors.setdefault("placement", []).append(
            _("This placement is no longer active: choose another one.")
        )
    if agreement.start_date and agreement.end_date and agreement.end_date >= agreement.start_date:
        other = (
            RehabAgreement.objects.filter(
                client_id=agreement.client_id,
                status__in=OCCUPYING_STATUSES,
                start_date__lte=agreement.end_date,
                end_date__gte=agreement.start_date,
            )
            .exclude(pk=agreement.pk)
            .first()
        )
        if other:
            field = end_field if end_field != "end_date" else "start_date"
            errors.setdefault(field, []).append(
                _(
                    "The client already has an agreement for %(start)s–%(end)s (%(status)s): "
                    "periods cannot overlap."
                )
                % {
                    "start": format_date(other.start_date),
                    "end": format_date(other.end_date),
                    "status": other.get_status_display(),
                }
            )
    if errors:
        raise ValidationError(errors)


def _set_terms(agreement, terms):
    unknown = set(terms) - set(AGREEMENT_TERMS)
    if unknown:
        raise ValueError(f"Unknown agreement fields: {sorted(unknown)}")
    for name, value in terms.items():
        if name == "weekdays":
            value = rules.normalise_weekdays(value or "")
        setattr(agreement, name, value)


@transaction.atomic
def agreement_draft(*, actor, client_id: int, **terms) -> RehabAgreement:
    client = _lock_client(client_id)
    require(actor, "rehab_work.draft_agreement", client)
    agreement = RehabAgreement(client=client, drafted_by=actor, status=AgreementStatus.DRAFT)
    _set_terms(agreement, terms)
    _check_terms(agreement)
    return save_audited(agreement, actor=actor)


@transaction.atomic
def agreement_update(*, actor, agreement_id: int, expected_version: int, **terms) -> RehabAgreement:
    """Edit the terms of a draft; editing a rejected agreement makes it a draft again."""
    agreement = _locked_agreement(actor, agreement_id, expected_version)
    _lock_client(agreement.client_id)
    if agreement.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Only a draft or a rejected agreement can be edited."))
    if agreement.status == AgreementStatus.REJECTED:
        _move(agreement, AgreementStatus.DRAFT)
    _set_terms(agreement, terms)
    _check_terms(agreement)
    return save_audited(agreement, actor=actor)


@transaction.atomic
def agreement_submit(*, actor, agreement_id: int, expected_version: int) -> RehabAgreement:
    """Send the draft to the social counsellor's decision queue."""
    agreement = _locked_agreement(actor, agreement_id, expected_version)
    _move(agreement, AgreementStatus.SUBMITTED)
    _check_terms(agreement)
    agreement.submitted_at = timezone.now()
    save_audited(agreement, actor=actor)
    counsellors = get_user_model().objects.filter(groups__name=Role.SOCIAL_COUNSELLOR, is_active=True)
    for counsellor in counsellors.exclude(pk=actor.pk):
        notify(
            recipient=counsellor,
            url=_decision_url(agreement),
            message=Text(N_("A rehabilitative work agreement is waiting for your decision.")),
        )
    return agreement


def _decision_url(agreement):
    from django.urls import reverse

    return reverse("rehab_work:decide", args=[agreement.pk])


@transaction.atomic
def agreement_cancel(*, actor, agreement_id: int, expected_version: int) -> RehabAgreement:
    """Give up an agreement that was never signed (it no longer reserves the client's time)."""
    agreement = _locked_agreement(actor, agreement_id, expected_version)
    _move(agreement, AgreementStatus.CANCELLED)
    return save_audited(agreement, actor=actor)


@transaction.atomic
def decision_make(
    *, actor, agreement_id: int, expected_version: int, outcome: str, reason: str = ""
) -> RehabDecision:
    """The social counsellor approves or rejects (a rejection needs reasons); the drafter is notified. When every
    social counsellor drafted or edited the agreement, the substitute decision-maker decides (``as_substitute``
    on the decision and in its history); nobody decides on their own draft."""
    agreement = _locked_agreement(actor, agreement_id, expected_version, perm="rehab_work.decide")
    as_substitute = not has_role(actor, Role.SOCIAL_COUNSELLOR)  # the permission let them in as the substitute
    reason = (reason or "").strip()
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": [_("Choose whether to approve or reject.")]})
    if outcome == DecisionOutcome.REJECTED and not reason:
        raise ValidationError(
            {"reason": [_("Give the reasons for the rejection: the coach and the client will read them.")]}
        )
    if agreement.status != AgreementStatus.SUBMITTED:
        raise ValidationError(_("This agreement is not waiting for a decision."))
    if outcome == DecisionOutcome.APPROVED:
        _check_terms(agreement)
        _move(agreement, AgreementStatus.APPROVED)
    else:
        _move(agreement, AgreementStatus.REJECTED)
    decision = save_audited(
        RehabDecision(
            agreement=agreement, outcome=outcome, reason=reason, decided_by=actor, decided_at=timezone.now(),
            as_substitute=as_substitute,
        ),
        actor=actor,
    )
    save_audited(agreement, actor=actor)
    client = agreement.client
    if outcome == DecisionOutcome.APPROVED:
        message = N_("The rehabilitative work agreement of %(client)s was approved: it can now be signed.")
    else:
        message = N_("The rehabilitative work agreement of %(client)s was rejected: see the reasons.")
    notify(
        recipient=agreement.drafted_by,
        message=Text(message, {"client": client.full_name}),
        url=agreement.get_absolute_url(),
    )
    return decision


def _aware(day, at: time):
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def _plan_meeting(*, actor, agreement, starts_at, location, field):
    try:
        return client_services.meeting_plan(
            actor=actor,
            client_id=agreement.client_id,
            starts_at=starts_at,
            kind=MeetingKind.IN_PERSON,
            location=location,
        )
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _check_final_evaluation_time(agreement, final_evaluation_at, field="final_evaluation_at"):
    day = timezone.localtime(final_evaluation_at).date()
    deadline = agreement.final_evaluation_deadline
    if day > deadline:
        raise ValidationError(
            {
                field: [
                    _(
                        "The final evaluation is held no later than two weeks before the end of "
                        "the agreement, on %(date)s at the latest."
                    )
                    % {"date": format_date(deadline)}
                ]
            }
        )
    if day < agreement.start_date:
        raise ValidationError({field: [_("The final evaluation is held during the agreement period.")]})


@transaction.atomic
def agreement_sign(
    *,
    actor,
    agreement_id: int,
    expected_version: int,
    signed_on,
    first_follow_up_at,
    final_evaluation_at,
    follow_up_interval_weeks: int = 0,
    location: str = "",
) -> RehabAgreement:
    """Sign an approved agreement. Books the follow-up meetings and the final evaluation as planned
    meetings (they appear in the worker's calendar feed)."""
    agreement = _locked_agreement(actor, agreement_id, expected_version)
    _lock_client(agreement.client_id)
    if agreement.status != AgreementStatus.APPROVED:
        raise ValidationError(_("Only an approved agreement can be signed."))
    approval = agreement.decisions.filter(outcome=DecisionOutcome.APPROVED).order_by("-decided_at").first()
    errors = {}
    if signed_on > timezone.localdate():
        errors["signed_on"] = [_("The signing date cannot be in the future.")]
    elif approval and signed_on < timezone.localdate(approval.decided_at):
        errors["signed_on"] = [
            _("The agreement cannot be signed before it was approved (%(date)s).")
            % {"date": format_date(timezone.localdate(approval.decided_at))}
        ]
    if first_follow_up_at >= final_evaluation_at:
        errors["first_follow_up_at"] = [_("The next meeting must come before the final evaluation.")]
    if errors:
        raise ValidationError(errors)
    _check_final_evaluation_time(agreement, final_evaluation_at)
    _check_terms(agreement)
    location = location or agreement.placement.address or agreement.placement.name
    follow_ups = [
        _plan_meeting(
            actor=actor, agreement=agreement, starts_at=at, location=location, field="first_follow_up_at"
        )
        for at in rules.follow_up_times(first_follow_up_at, follow_up_interval_weeks, final_evaluation_at)
    ]
    agreement.final_evaluation_meeting = _plan_meeting(
        actor=actor,
        agreement=agreement,
        location=location,
        starts_at=final_evaluation_at,
        field="final_evaluation_at",
    )
    _move(agreement, AgreementStatus.SIGNED)
    agreement.signed_on, agreement.signed_by = signed_on, actor
    save_audited(agreement, actor=actor)
    agreement.follow_up_meetings.set(follow_ups)
    return agreement


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason: it is kept in the history of the agreement.")]})
    return reason


def _record_change(agreement, *, actor, kind, previous_end, reason):
    AgreementChange.objects.create(
        agreement=agreement,
        kind=kind,
        previous_end=previous_end,
        new_end=agreement.end_date,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )


def _cancel_planned(actor, meetings):
    for meeting in meetings:
        if meeting.status == MeetingStatus.PLANNED:
            client_services.meeting_cancel(actor=actor, meeting_id=meeting.pk)


@transaction.atomic
def agreement_extend(
    *, actor, agreement_id: int, expected_version: int, new_end_date, reason: str, final_evaluation_at=None
) -> RehabAgreement:
    """Move the end of a signed agreement later (within 24 months); the final evaluation moves with it."""
    agreement = _locked_agreement(actor, agreement_id, expected_version)
    _lock_client(agreement.client_id)
    reason = _require_reason(reason)
    if agreement.status != AgreementStatus.SIGNED:
        raise ValidationError(_("Only a signed agreement in force can be extended."))
    if new_end_date <= agreement.end_date:
        raise ValidationError(
            {
                "new_end_date": [
                    _("An extension must end after the current end date %(date)s.")
                    % {"date": format_date(agreement.end_date)}
                ]
            }
        )
    previous_end, agreement.end_date = agreement.end_date, new_end_date
    _check_terms(agreement, end_field="new_end_date")
    if not hasattr(agreement, "final_evaluation"):
        if final_evaluation_at is None:
            raise ValidationError(
                {"final_evaluation_at": [_("Book the final evaluation for the new end date.")]}
            )
        _check_final_evaluation_time(agreement, final_evaluation_at)
        old = agreement.final_evaluation_meeting
        if old:
            _cancel_planned(actor, [old])
        agreement.final_evaluation_meeting = _plan_meeting(
            actor=actor,
            agreement=agreement,
            starts_at=final_evaluation_at,
            field="final_evaluation_at",
            location=old.location if old else agreement.placement.address or agreement.placement.name,
        )
    _record_change(
        agreement, actor=actor, kind=ChangeKind.EXTENSION, previous_end=previous_end, reason=reason
    )
    return save_audited(agreement, actor=actor)


@transaction.atomic
def agreement_end_early(
    *, actor, agreement_id: int, expected_version: int, ended_on, reason: str
) -> RehabAgreement:
    """End a signed agreement before its end date; planned meetings after the ending are cancelled."""
    agreement = _locked_agreement(actor, agreement_id, expected_version)
    reason = _require_reason(reason)
    if agreement.status != AgreementStatus.SIGNED:
        raise ValidationError(_("Only a signed agreement in force can be ended early."))
    if not agreement.start_date <= ended_on < agreement.end_date:
        raise ValidationError(
            {
                "ended_on": [
                    _("The last day must be within the period and before %(date)s.")
                    % {"date": format_date(agreement.end_date)}
                ]
            }
        )
    later = agreement.attendances.filter(day__gt=ended_on).order_by("day").first()
    if later:
        raise ValidationError(
            {
                "ended_on": [
                    _("Attendance is recorded on %(date)s, after this day: remove it first.")
                    % {"date": format_date(later.day)}
                ]
            }
        )
    previous_end, agreement.end_date = agreement.end_date, ended_on
    _record_change(
        agreement, actor=actor, kind=ChangeKind.EARLY_END, previous_end=previous_end, reason=reason
    )
    cutoff = _aware(ended_on + timedelta(days=1), time.min)
    meetings = list(agreement.follow_up_meetings.filter(starts_at__gte=cutoff))
    if agreement.final_evaluation_meeting and agreement.final_evaluation_meeting.starts_at >= cutoff:
        meetings.append(agreement.final_evaluation_meeting)
    _cancel_planned(actor, meetings)
    _move(agreement, AgreementStatus.ENDED)
    agreement.ended_early, agreement.ending_reason = True, reason
    return save_audited(agreement, actor=actor)


@transaction.atomic
def agreements_close_finished(*, today=None) -> int:
    """System job (daily): signed agreements whose last day has passed become ended."""
    today = today or timezone.localdate()
    closed = 0
    for agreement in RehabAgreement.objects.select_for_update(of=("self",)).filter(
        status=AgreementStatus.SIGNED, end_date__lt=today
    ):
        _move(agreement, AgreementStatus.ENDED)
        save_audited(agreement, actor=None)
        closed += 1
    return closed


# --- attendance ----------------------------------------------------------------------------------------


def _attendance_error(message):
    return ValidationError({"day": [message]})


def _claim_refusal(attendance):
    """A day already sent to KEHA cannot change (None: not claimed, or only in a draft claim)."""
    claimed = next(iter(attendance.claimed.all()), None)
    if claimed is not None and claimed.claim.status != ClaimStatus.DRAFT:
        return _attendance_error(
            _(
                "%(day)s has already been claimed from the KEHA centre: it cannot be changed here. "
                "Ask the office clerk."
            )
            % {"day": format_date(attendance.day)}
        )
    return None


@transaction.atomic
def attendance_set(*, actor, agreement_id: int, day, status: str, was=None) -> Attendance | None:
    """Record one day (present / absent with reason); an empty status clears the day. ``was``: what the page
    showed for the day (see ``attendance_set_many``)."""
    errors = attendance_set_many(actor=actor, changes=[(agreement_id, day, status, was)])
    if errors:
        raise next(iter(errors.values()))
    return Attendance.objects.filter(agreement_id=agreement_id, day=day).first()


#: The ``was`` of a change sent by a page that did not say what the day showed (an old page, a hand-made request):
#: refused like a missing version, never taken as "nobody has changed it since".
WAS_MISSING = object()


def _changed_meanwhile(day, row):
    now = row.get_status_display() if row is not None else _("not recorded")
    return _attendance_error(
        _(
            "Someone else recorded %(day)s while you were on this page: it is now “%(status)s”. Nothing was "
            "overwritten: choose again if it should still change."
        )
        % {"day": format_date(day), "status": now}
    )


def _with_was(change):
    return change if len(change) == 4 else (*change, None)


@transaction.atomic
def attendance_set_many(*, actor, changes) -> dict:
    """Record many days at once (the weekly grid's "Save"): ``changes`` are (agreement id, day, status) or
    (agreement id, day, status, was); an empty status clears the day. ``was`` is what the page showed for the day
    ("" for nothing): a day the user left as shown is not written, and a day someone else recorded meanwhile is
    refused, not overwritten (the agreements are locked first, so of two users at once the second sees the
    first's day); ``None`` (the services' own calls) does not check, ``WAS_MISSING`` is refused. Each day under the
    same rules as one: a signed agreement, an agreed weekday inside the period, no presence in advance, at most
    the agreement's days a week, never a day already sent to KEHA (a day in a draft claim is taken out of it).
    Any refusal: nothing is saved and the refusals come back as {(agreement id, day): ValidationError}. A
    constant number of queries however many days."""
    # A day left as the page showed it is not a change (the grid sends its every cell).
    changes = [change for change in map(_with_was, changes) if change[3] is None or change[2] != change[3]]
    changes = sorted(changes, key=lambda change: bool(change[2]))  # clearings first: they make room in a week
    if not changes:
        return {}
    ids = {agreement_id for agreement_id, _day, _status, _was in changes}
    agreements = RehabAgreement.objects.select_for_update(of=("self",)).select_related("client").in_bulk(ids)
    if len(agreements) != len(ids):
        raise RehabAgreement.DoesNotExist
    for agreement in agreements.values():
        require(actor, "rehab_work.change_agreement", agreement)
    first = rules.week_bounds(min(day for _a, day, _s, _w in changes))[0]
    last = rules.week_bounds(max(day for _a, day, _s, _w in changes))[1]
    existing = {
        (row.agreement_id, row.day): row
        for row in Attendance.objects.filter(agreement_id__in=ids, day__range=(first, last)).prefetch_related(
            models.Prefetch("claimed", queryset=ClaimedDay.objects.select_related("claim"))
        )
    }
    per_week = defaultdict(int)
    for agreement_id, day in existing:
        per_week[(agreement_id, rules.week_bounds(day)[0])] += 1

    today = timezone.localdate()
    errors, created, updated, cleared, released = {}, [], [], [], []
    for agreement_id, day, status, was in changes:
        agreement, row = agreements[agreement_id], existing.get((agreement_id, day))
        saved = row.status if row is not None else ""
        if saved == status:
            continue  # as recorded (the grid sends its every cell): nothing to check or write
        if was is WAS_MISSING:
            errors[(agreement_id, day)] = MissingVersionError()
            continue
        if was is not None and was != saved:
            errors[(agreement_id, day)] = _changed_meanwhile(day, row)
            continue
        error = _day_refusal(agreement, day, status, row, today)
        week = (agreement_id, rules.week_bounds(day)[0])
        if error is None and row is None and status and per_week[week] >= agreement.days_per_week:
            error = _attendance_error(
                _(
                    "The agreement has %(count)s days a week and this week already has %(count)s days "
                    "recorded: %(day)s would be one too many."
                )
                % {"count": agreement.days_per_week, "day": format_date(day)}
            )
        if error is not None:
            errors[(agreement_id, day)] = error
            continue
        if row is not None:
            released += [claimed.pk for claimed in row.claimed.all()]
        if not status:
            if row is not None:
                cleared.append(row)
                per_week[week] -= 1
            continue
        if row is None:
            row = existing[(agreement_id, day)] = Attendance(agreement=agreement, day=day)
            created.append(row)
            per_week[week] += 1
        else:
            updated.append(row)
        row.status, row.recorded_by = status, actor
    if errors:
        transaction.set_rollback(True)
        return errors
    ClaimedDay.objects.filter(pk__in=released).delete()
    for row in cleared:
        row._history_user = actor
        row.delete()
    if created:
        bulk_create_with_history(created, Attendance, default_user=actor)
    if updated:
        now = timezone.now()
        by_status = defaultdict(list)
        for row in updated:
            by_status[row.status].append(row.pk)
        for status, pks in by_status.items():  # a week's grid: one or two statuses, one UPDATE each
            Attendance.objects.filter(pk__in=pks).update(status=status, recorded_by=actor, recorded_at=now)
        Attendance.history.bulk_history_create(updated, update=True, default_user=actor)
    return {}


def _day_refusal(agreement, day, status, row, today):
    if agreement.status not in RUNNING_STATUSES:
        return _attendance_error(_("Attendance is recorded only for a signed agreement."))
    if status and status not in AttendanceStatus.values:
        return ValidationError({"status": [_("Choose present or a reason for the absence.")]})
    problem = rules.attendance_day_error(
        day=day, start=agreement.start_date, end=agreement.end_date, weekdays=agreement.weekdays
    )
    if problem:
        return _attendance_error(problem)
    if row is not None and row.status != status:
        refusal = _claim_refusal(row)
        if refusal is not None:
            return refusal
    if status == AttendanceStatus.PRESENT and day > today and (row is None or row.status != status):
        return _attendance_error(
            _("Presence cannot be recorded in advance (%(day)s is in the future).") % {"day": format_date(day)}
        )
    return None


@transaction.atomic
def attendance_fill_week(*, actor, agreement_id: int, monday) -> int:
    """Mark the unrecorded agreed days of a week present (up to the days a week, none in the future). The
    agreement is locked before its days are read: a day someone records at the same time is not overwritten."""
    agreement = RehabAgreement.objects.select_for_update(of=("self",)).select_related("client").get(pk=agreement_id)
    require(actor, "rehab_work.change_agreement", agreement)
    monday, sunday = rules.week_bounds(monday)
    recorded = set(agreement.attendances.filter(day__range=(monday, sunday)).values_list("day", flat=True))
    room = agreement.days_per_week - len(recorded)
    filled = 0
    today = timezone.localdate()
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if filled >= room or day > today:
            break
        if day in recorded or rules.attendance_day_error(
            day=day, start=agreement.start_date, end=agreement.end_date, weekdays=agreement.weekdays
        ):
            continue
        attendance_set(actor=actor, agreement_id=agreement.pk, day=day, status=AttendanceStatus.PRESENT)
        filled += 1
    return filled


# --- final evaluation and feedback ---------------------------------------------------------------------


def _running_agreement(actor, agreement_id):
    agreement = RehabAgreement.objects.select_for_update(of=("self",)).select_related("client").get(pk=agreement_id)
    require(actor, "rehab_work.change_agreement", agreement)
    if agreement.status not in RUNNING_STATUSES:
        raise ValidationError(_("This is recorded only for a signed agreement."))
    return agreement


def _check_evaluation_day(agreement, held_on):
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("A final evaluation cannot be recorded in advance.")]})
    if held_on < agreement.start_date:
        raise ValidationError(
            {"held_on": [_("The final evaluation cannot be before the agreement started.")]}
        )


@transaction.atomic
def final_evaluation_amend(
    *, actor, agreement_id: int, held_on, summary: str, next_step: str = "", next_step_details: str = ""
) -> FinalEvaluation:
    """Amend a recorded final evaluation, e.g. when the next step has been agreed afterwards. The change
    history (who, when, what it was) is kept by the evaluation's historical records."""
    agreement = _running_agreement(actor, agreement_id)
    evaluation = FinalEvaluation.objects.select_for_update().filter(agreement=agreement).first()
    if evaluation is None:
        raise ValidationError(_("The final evaluation of this agreement has not been recorded yet."))
    _check_evaluation_day(agreement, held_on)
    evaluation.held_on = held_on
    evaluation.summary = summary.strip()
    evaluation.next_step = next_step
    evaluation.next_step_details = next_step_details.strip()
    return save_audited(evaluation, actor=actor)


@transaction.atomic
def final_evaluation_record(
    *, actor, agreement_id: int, held_on, summary: str, next_step: str = "", next_step_details: str = ""
) -> FinalEvaluation:
    """Record the final evaluation and the agreed next step; the booked meeting is marked held."""
    agreement = _running_agreement(actor, agreement_id)
    if FinalEvaluation.objects.filter(agreement=agreement).exists():
        raise ValidationError(_("The final evaluation of this agreement has already been recorded."))
    _check_evaluation_day(agreement, held_on)
    evaluation = save_audited(
        FinalEvaluation(
            agreement=agreement,
            held_on=held_on,
            summary=summary.strip(),
            next_step=next_step,
            next_step_details=next_step_details.strip(),
            recorded_by=actor,
        ),
        actor=actor,
    )
    meeting = agreement.final_evaluation_meeting
    if meeting and meeting.status == MeetingStatus.PLANNED:
        at = min(_aware(held_on, timezone.localtime(meeting.starts_at).time()), timezone.now())
        steps = " ".join(
            filter(
                None, [evaluation.get_next_step_display() if next_step else "", evaluation.next_step_details]
            )
        )
        client_services.meeting_log(
            actor=actor,
            client_id=agreement.client_id,
            meeting_id=meeting.pk,
            expected_version=None,
            starts_at=at,
            kind=meeting.kind,
            notes=evaluation.summary,
            next_steps=steps,
            location=meeting.location,
            duration_minutes=meeting.duration_minutes,
            participants=meeting.participants,
        )
    return evaluation


@transaction.atomic
def feedback_record(
    *,
    actor,
    agreement_id: int,
    given_on,
    filled_by: str,
    score_tasks: int,
    score_guidance: int,
    score_community: int,
    score_overall: int,
    comments: str = "",
) -> Feedback:
    agreement = _running_agreement(actor, agreement_id)
    if Feedback.objects.filter(agreement=agreement).exists():
        raise ValidationError(_("Feedback on this period has already been recorded."))
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": [_("The date cannot be in the future.")]})
    feedback = Feedback(
        agreement=agreement,
        given_on=given_on,
        filled_by=filled_by,
        score_tasks=score_tasks,
        score_guidance=score_guidance,
        score_community=score_community,
        score_overall=score_overall,
        comments=comments.strip(),
    )
    return save_audited(feedback, actor=actor)


# --- KEHA compensation claims --------------------------------------------------------------------------


def _claim_for_update(actor, claim_id, expected_version=None):
    require(actor, "rehab_work.manage_claims")
    return lock_for_update(CompensationClaim, claim_id, expected_version)


def _move_claim(claim, new_status):
    if new_status not in CLAIM_TRANSITIONS[ClaimStatus(claim.status)]:
        raise ValidationError(
            _("This cannot be done to a claim in status “%(status)s”.")
            % {"status": claim.get_status_display()}
        )
    claim.status = new_status


def _fill_claim(claim) -> int:
    """Add the unclaimed participation days of the period: at most the law's days per calendar week per
    client (days claimed earlier in the same week count first), each at the rate valid on that day."""
    selectors.UNCLAIMED.forget_on_commit()
    start, end = claim.period_start, claim.period_end
    candidates = defaultdict(dict)  # client id → {day: attendance id}
    for pk, day, client_id in Attendance.objects.filter(
        status=AttendanceStatus.PRESENT, day__range=(start, end), claimed__isnull=True
    ).values_list("pk", "day", "agreement__client_id"):
        candidates[client_id][day] = pk
    if not candidates:
        return 0
    week_start, week_end = rules.week_bounds(start)[0], rules.week_bounds(end)[1]
    already = defaultdict(list)
    for client_id, day in ClaimedDay.objects.filter(
        client_id__in=candidates, day__range=(week_start, week_end)
    ).values_list("client_id", "day"):
        already[client_id].append(day)
    rates = list(CompensationRate.objects.valid_during(start, end))
    rows = []
    for client_id, days in candidates.items():
        for day in rules.countable_days(days, already[client_id]):
            amount = rules.amount_on(day, rates)
            if amount is None:
                raise ValidationError(
                    _("No state compensation rate is valid on %(date)s: ask the administrator to add one.")
                    % {"date": format_date(day)}
                )
            rows.append(
                ClaimedDay(claim=claim, attendance_id=days[day], client_id=client_id, day=day, amount=amount)
            )
    try:
        with transaction.atomic():
            ClaimedDay.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError(
            _("Another claim took some of these days at the same moment: try again.")
        ) from None
    return len(rows)


@transaction.atomic
def claim_create(*, actor, period_start, period_end) -> CompensationClaim:
    """Build a claim for an accounting period. If the period was claimed before, this is a supplementary
    claim with only the days not claimed yet (e.g. attendance corrected after the submission)."""
    require(actor, "rehab_work.manage_claims")
    if period_end < period_start:
        raise ValidationError({"period_end": [_("The end of the period cannot be before its start.")]})
    if period_end > timezone.localdate():
        raise ValidationError(
            {"period_end": [_("A period is claimed afterwards: it cannot end in the future.")]}
        )
    overlapping = CompensationClaim.objects.select_for_update(of=("self",)).filter(
        period_start__lte=period_end, period_end__gte=period_start
    )
    if overlapping.filter(status=ClaimStatus.DRAFT).exists():
        raise ValidationError(
            {
                "period_start": [
                    _("A draft claim already covers part of this period: update or delete it first.")
                ]
            }
        )
    previous = overlapping.order_by("-submitted_on", "-pk").first()
    claim = CompensationClaim(
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
        kind=ClaimKind.SUPPLEMENTARY if previous else ClaimKind.ORIGINAL,
        supplements=previous,
    )
    save_audited(claim, actor=actor)
    if not _fill_claim(claim):
        raise ValidationError(
            {"period_start": [_("There are no unclaimed participation days in this period.")]}
        )
    return claim


@transaction.atomic
def claim_rebuild(*, actor, claim_id: int, expected_version: int) -> CompensationClaim:
    """Compute a draft again from the current attendance."""
    claim = _claim_for_update(actor, claim_id, expected_version)
    if claim.status != ClaimStatus.DRAFT:
        raise ValidationError(_("Only a draft claim can be updated: make a supplementary claim instead."))
    claim.days.all().delete()
    _fill_claim(claim)
    return save_audited(claim, actor=actor)


@transaction.atomic
def claim_delete(*, actor, claim_id: int, expected_version: int) -> None:
    claim = _claim_for_update(actor, claim_id, expected_version)
    if claim.status != ClaimStatus.DRAFT:
        raise ValidationError(_("Only a draft claim can be deleted."))
    claim.days.all().delete()
    claim._history_user = actor
    claim.delete()
    selectors.UNCLAIMED.forget_on_commit()


@transaction.atomic
def claim_submit(
    *, actor, claim_id: int, expected_version: int, submitted_on, reference: str = ""
) -> CompensationClaim:
    claim = _claim_for_update(actor, claim_id, expected_version)
    _move_claim(claim, ClaimStatus.SUBMITTED)
    if not claim.days.exists():
        raise ValidationError(_("The claim has no days: delete it instead."))
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": [_("The date of submission cannot be in the future.")]})
    if submitted_on < claim.period_end:
        raise ValidationError(
            {
                "submitted_on": [
                    _("A claim is submitted after its period has ended (%(date)s).")
                    % {"date": format_date(claim.period_end)}
                ]
            }
        )
    claim.submitted_on, claim.reference = submitted_on, reference.strip()
    return save_audited(claim, actor=actor)


@transaction.atomic
def claim_mark_paid(
    *, actor, claim_id: int, expected_version: int, paid_on, paid_amount
) -> CompensationClaim:
    claim = _claim_for_update(actor, claim_id, expected_version)
    _move_claim(claim, ClaimStatus.PAID)
    errors = {}
    if paid_on > timezone.localdate():
        errors["paid_on"] = [_("The date of payment cannot be in the future.")]
    elif paid_on < claim.submitted_on:
        errors["paid_on"] = [
            _("The payment cannot be before the claim was submitted (%(date)s).")
            % {"date": format_date(claim.submitted_on)}
        ]
    if paid_amount is None or paid_amount <= 0:
        errors["paid_amount"] = [_("Enter the amount KEHA paid.")]
    if errors:
        raise ValidationError(errors)
    claim.paid_on, claim.paid_amount = paid_on, paid_amount
    return save_audited(claim, actor=actor)
