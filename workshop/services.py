"""Services of the workshop: every state change checks the role, validates, writes history, in a transaction.

A group session may count as rehabilitative-work attendance: the day is then recorded through
``rehab_work.services.attendance_set`` (never by writing its models here), so the law's limits of
rehabilitative work (agreed weekdays, days a week, no presence in advance, claimed days) still apply.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from joutsa_tyollisyys import undo
from joutsa_tyollisyys.formatting import format_date
from joutsa_tyollisyys.services import lock_for_update, require, save_audited
from rehab_work import services as rehab_services
from rehab_work.enums import OCCUPYING_STATUSES, RUNNING_STATUSES, AttendanceStatus
from rehab_work.models import Attendance, RehabAgreement

from . import rules
from .enums import PERIOD_TRANSITIONS, PeriodStatus, ServiceKind, SessionPresence
from .models import (
    Coaching,
    CompetenceCertificate,
    Group,
    GroupParticipant,
    GroupSession,
    ServiceLengthLimit,
    ServicePeriod,
    SessionAttendance,
    YouthEnrolment,
)


def _client(actor, client_id, perm="workshop.record_service"):
    client = Client.objects.select_for_update(of=("self",)).select_related("responsible_worker").get(pk=client_id)
    require(actor, perm, client)
    return client


def _check_dates(start, end, field="end_date"):
    if end is not None and end < start:
        raise ValidationError({field: [_("The period cannot end before it starts.")]})


# --- service periods -------------------------------------------------------------------------------------

PERIOD_FIELDS = ("kind", "placement", "start_date", "end_date", "hours_total", "content", "goals")


def _span(period):
    return f"{format_date(period.start_date)}–{format_date(period.end_date)}"


def _check_period(period):
    limit = ServiceLengthLimit.objects.filter(kind=period.kind).values_list("max_months", flat=True).first()
    problem = rules.period_length_error(period.start_date, period.end_date, limit)
    if problem:
        raise ValidationError({"end_date": [problem]})
    if period.kind == ServiceKind.COMMUNITY_SERVICE:
        problem = rules.community_service_hours_error(period.hours_total)
        if problem:
            raise ValidationError({"hours_total": [problem]})
    elif period.hours_total is not None:
        raise ValidationError({"hours_total": [_("Hours are recorded only for community service.")]})
    if not period.placement.active:
        raise ValidationError({"placement": [_("This placement is not in use.")]})
    others = ServicePeriod.objects.filter(client=period.client).exclude(status=PeriodStatus.CANCELLED)
    for other in others.exclude(pk=period.pk):
        if rules.periods_overlap(period.start_date, period.end_date, other.start_date, other.end_date):
            raise ValidationError(
                {
                    "start_date": [
                        _("The client already has a service period at this time: %(period)s.")
                        % {"period": f"{other.get_kind_display()} {_span(other)}"}
                    ]
                }
            )
    agreements = RehabAgreement.objects.filter(client=period.client, status__in=OCCUPYING_STATUSES)
    for agreement in agreements:
        if rules.periods_overlap(period.start_date, period.end_date, agreement.start_date, agreement.end_date):
            raise ValidationError(
                {
                    "start_date": [
                        _("The client has a rehabilitative-work agreement at this time (%(start)s–%(end)s).")
                        % {"start": format_date(agreement.start_date), "end": format_date(agreement.end_date)}
                    ]
                }
            )


@transaction.atomic
def period_create(*, actor, client_id: int, coach=None, **terms) -> ServicePeriod:
    client = _client(actor, client_id)
    period = ServicePeriod(client=client, coach=coach or actor, **{k: terms.get(k) for k in PERIOD_FIELDS})
    _check_dates(period.start_date, period.end_date)
    _check_period(period)
    return save_audited(period, actor=actor)


@transaction.atomic
def period_update(*, actor, period_id: int, expected_version: int, status=None, **terms) -> ServicePeriod:
    period = lock_for_update(ServicePeriod, period_id, expected_version)
    require(actor, "workshop.change_period", period)
    Client.objects.select_for_update(of=("self",)).filter(pk=period.client_id).first()
    if period.status != PeriodStatus.ACTIVE:
        raise ValidationError(_("An ended or cancelled period can no longer be changed."))
    for name in PERIOD_FIELDS:
        if name in terms:
            setattr(period, name, terms[name])
    if status and status != period.status:
        if status not in PERIOD_TRANSITIONS[period.status]:
            raise ValidationError({"status": [_("The period cannot move to this status.")]})
        period.status = status
    _check_dates(period.start_date, period.end_date)
    if period.status != PeriodStatus.CANCELLED:
        _check_period(period)
    return save_audited(period, actor=actor)


# --- coaching and the youth workshop --------------------------------------------------------------------


@transaction.atomic
def coaching_add(*, actor, client_id: int, kind, start_date, goals, end_date=None, methods="", period=None):
    client = _client(actor, client_id)
    _check_dates(start_date, end_date)
    if period is not None and period.client_id != client.pk:
        raise ValidationError({"period": [_("Choose one of this client's periods.")]})
    coaching = Coaching(
        client=client,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        goals=goals,
        methods=methods,
        period=period,
        coach=actor,
    )
    return save_audited(coaching, actor=actor)


@transaction.atomic
def youth_enrol(*, actor, client_id: int, intake_channel, start_date, strengths, goals, end_date=None):
    client = _client(actor, client_id)
    problem = rules.youth_workshop_age_error(client.birth_date, start_date)
    if problem:
        raise ValidationError({"start_date": [problem]})
    _check_dates(start_date, end_date)
    for other in client.youth_enrolments.all():
        if rules.periods_overlap(start_date, end_date, other.start_date, other.end_date):
            raise ValidationError(
                {"start_date": [_("The young person already has a youth workshop period at this time.")]}
            )
    enrolment = YouthEnrolment(
        client=client,
        intake_channel=intake_channel,
        start_date=start_date,
        end_date=end_date,
        strengths=strengths,
        goals=goals,
        coach=actor,
    )
    return save_audited(enrolment, actor=actor)


# --- groups ---------------------------------------------------------------------------------------------

GROUP_FIELDS = (
    "name",
    "description",
    "placement",
    "weekdays",
    "every_weeks",
    "starts_at",
    "duration_minutes",
    "first_day",
    "last_day",
    "counts_as_rehab",
)


def _check_schedule(group):
    errors = rules.schedule_error(group.first_day, group.last_day, group.weekdays)
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})


def _sync_sessions(group, today=None) -> int:
    """Create the sessions the weekly rule asks for; drop future ones it no longer asks for (if empty).
    Idempotent: running it twice changes nothing the second time. Returns how many were created."""
    today = today or timezone.localdate()
    wanted = set(rules.session_days(group.first_day, group.last_day, group.weekdays, group.every_weeks))
    existing = set(group.sessions.values_list("day", flat=True))
    GroupSession.objects.bulk_create([GroupSession(group=group, day=day) for day in sorted(wanted - existing)])
    group.sessions.filter(day__gt=today, attendances__isnull=True).exclude(day__in=wanted).delete()
    return len(wanted - existing)


@transaction.atomic
def group_create(*, actor, leader=None, **fields) -> Group:
    require(actor, "workshop.add_group")
    group = Group(leader=leader or actor, **{k: fields[k] for k in GROUP_FIELDS if k in fields})
    _check_schedule(group)
    save_audited(group, actor=actor)
    _sync_sessions(group)
    return group


@transaction.atomic
def group_update(*, actor, group_id: int, expected_version: int, **fields) -> Group:
    group = lock_for_update(Group, group_id, expected_version)
    require(actor, "workshop.change_group", group)
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(group, name, fields[name])
    _check_schedule(group)
    save_audited(group, actor=actor)
    _sync_sessions(group)
    return group


@transaction.atomic
def group_generate_sessions(*, actor, group_id: int) -> int:
    group = lock_for_update(Group, group_id)
    require(actor, "workshop.change_group", group)
    return _sync_sessions(group)


@transaction.atomic
def participant_add(*, actor, group_id: int, client_id: int, joined_on=None) -> GroupParticipant:
    group = lock_for_update(Group, group_id)
    require(actor, "workshop.change_group", group)
    client = _client(actor, client_id, "workshop.enrol_client")
    existing = group.participants.filter(client=client).first()
    if existing and existing.left_on is None:
        raise ValidationError({"client": [_("The client is already in this group.")]})
    participant = existing or GroupParticipant(group=group, client=client)
    participant.joined_on, participant.left_on = joined_on or timezone.localdate(), None
    return save_audited(participant, actor=actor)


@transaction.atomic
def participant_leave(*, actor, participant_id: int, left_on=None) -> GroupParticipant:
    participant = (
        GroupParticipant.objects.select_for_update(of=("self",)).select_related("group").get(pk=participant_id)
    )
    require(actor, "workshop.change_group", participant.group)
    if participant.left_on is not None:
        raise ValidationError(_("The client has already left the group."))
    participant.left_on = left_on or timezone.localdate()
    if participant.left_on < participant.joined_on:
        raise ValidationError({"left_on": [_("The client cannot leave before joining.")]})
    return save_audited(participant, actor=actor)


@undo.handler("workshop.participant_leave")
@transaction.atomic
def participant_leave_undo(*, actor, pk: int, state: str) -> str:
    """Back in the group, if the client still left on that day (nothing changed since)."""
    participant = (
        GroupParticipant.objects.select_for_update(of=("self",)).select_related("group").filter(pk=pk).first()
    )
    if participant is None or participant.left_on is None or participant.left_on.isoformat() != state:
        raise ValidationError(_("The participant has changed since: the leaving can no longer be undone."))
    require(actor, "workshop.change_group", participant.group)
    participant.left_on = None
    save_audited(participant, actor=actor)
    return _("Undone: the client is in the group again.")


def _rehab_agreement_on(client, day):
    return (
        RehabAgreement.objects.filter(
            client=client, status__in=RUNNING_STATUSES, start_date__lte=day, end_date__gte=day
        )
        .order_by("-start_date")
        .first()
    )


def _record_rehab_day(actor, row, session):
    """Mirror a group presence as a rehabilitative-work day through rehab_work's own service."""
    agreement = _rehab_agreement_on(row.client, session.day)
    if agreement is None:
        row.rehab_note = ""
        return
    if Attendance.objects.filter(agreement=agreement, day=session.day).exists():
        row.rehab_note = _("The day was already recorded in rehabilitative work.")
        return
    try:
        row.rehab_attendance = rehab_services.attendance_set(
            actor=actor, agreement_id=agreement.pk, day=session.day, status=AttendanceStatus.PRESENT
        )
        row.rehab_note = _("Recorded as a rehabilitative-work day.")
    except PermissionDenied:
        row.rehab_note = _("Not recorded as rehabilitative work: only the client's own workers can do that.")
    except ValidationError as error:
        row.rehab_note = (_("Not recorded as rehabilitative work: %(reason)s") % {"reason": " ".join(error.messages)})[
            :300
        ]


def _clear_rehab_day(actor, row):
    attendance = row.rehab_attendance
    row.rehab_attendance, row.rehab_note = None, ""
    if attendance is not None:
        rehab_services.attendance_set(actor=actor, agreement_id=attendance.agreement_id, day=attendance.day, status="")


@transaction.atomic
def session_record(*, actor, session_id: int, presence: dict, cancelled: bool = False, notes: str = "") -> int:
    """Record who was present at a session (``presence``: client id → present/absent/"" for unknown).
    Returns how many rows were written. Only current participants can be marked."""
    session = GroupSession.objects.select_for_update(of=("self",)).select_related("group").get(pk=session_id)
    group = session.group
    require(actor, "workshop.change_group", group)
    if session.day > timezone.localdate() and any(presence.values()):
        raise ValidationError(
            _("Attendance cannot be recorded in advance (%(day)s is in the future).")
            % {"day": format_date(session.day)}
        )
    members = {
        p.client_id: p
        for p in group.participants.select_related("client")
        if p.joined_on <= session.day and (p.left_on is None or p.left_on >= session.day)
    }
    unknown = set(presence) - set(members)
    if unknown:
        raise ValidationError(_("Only the group's participants on the day can be marked."))
    if cancelled and any(presence.values()):
        raise ValidationError({"cancelled": [_("A cancelled session has no attendance.")]})
    rows = {row.client_id: row for row in session.attendances.select_related("rehab_attendance")}
    written = 0
    for client_id, value in presence.items():
        if value and value not in SessionPresence.values:
            raise ValidationError(_("Choose present or absent."))
        row = rows.get(client_id)
        if row is not None and row.presence == value:
            continue
        if not value:
            if row is not None:
                _clear_rehab_day(actor, row)
                row._history_user = actor
                row.delete()
                written += 1
            continue
        if row is None:
            row = SessionAttendance(session=session, client=members[client_id].client)
        elif row.rehab_attendance_id:
            _clear_rehab_day(actor, row)
        row.presence, row.recorded_by = value, actor
        if value == SessionPresence.PRESENT and group.counts_as_rehab:
            row.client = members[client_id].client
            _record_rehab_day(actor, row, session)
        save_audited(row, actor=actor)
        written += 1
    session.cancelled, session.notes = cancelled, notes
    session.save(update_fields=["cancelled", "notes"])
    return written


# --- competence certificates ----------------------------------------------------------------------------


@transaction.atomic
def certificate_issue(
    *,
    actor,
    client_id: int,
    qualification,
    areas,
    placement,
    start_date,
    end_date,
    work_description,
    signer_title,
    issued_on=None,
) -> CompetenceCertificate:
    client = _client(actor, client_id, "workshop.issue_certificate")
    _check_dates(start_date, end_date)
    areas = list(areas)
    if not areas:
        raise ValidationError({"areas": [_("Choose at least one competence area.")]})
    if any(area.qualification_id != qualification.pk or not area.active for area in areas):
        raise ValidationError({"areas": [_("Choose competence areas of the chosen qualification.")]})
    issued_on = issued_on or timezone.localdate()
    if end_date > issued_on:
        raise ValidationError(
            {"end_date": [_("A certificate covers work already done: the end cannot be after the issue date.")]}
        )
    certificate = CompetenceCertificate(
        client=client,
        qualification=qualification,
        placement=placement,
        start_date=start_date,
        end_date=end_date,
        work_description=work_description,
        signed_by=actor,
        signer_title=signer_title,
        issued_on=issued_on,
    )
    save_audited(certificate, actor=actor)
    certificate.areas.set(areas)
    return certificate
