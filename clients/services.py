"""Every change to a client, a meeting or an invitation goes through here (docs/design.md)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from joutsa_tyollisyys import undo
from joutsa_tyollisyys.roles import CLIENT_WORKERS, has_role
from joutsa_tyollisyys.services import ConcurrentEditError, lock_for_update, require, save_audited

from . import national_id as nid
from .enums import MEETING_TRANSITIONS, STATUS_TRANSITIONS, ClientStatus, InvitationMethod, MeetingStatus
from .models import Client, Consent, Invitation, Meeting, ResponsibleWorkerChange

CLIENT_EDITABLE_FIELDS = (
    "first_name", "last_name", "language", "phone", "email", "street_address", "postal_code",
    "post_office", "contact_checked_on", "main_income", "unemployed_since", "is_typ", "health_notes",
    "text_messages_refused",
)


def _stamp_text_message_refusal(client, actor, was_refused: bool):
    """The day and the worker of a refusal of text messages; cleared when the client accepts them again."""
    if client.text_messages_refused and not was_refused:
        client.text_messages_refused_on, client.text_messages_refused_by = timezone.localdate(), actor
    elif not client.text_messages_refused:
        client.text_messages_refused_on, client.text_messages_refused_by = None, None


class DuplicateClientError(ValidationError):
    def __init__(self, existing: Client):
        self.existing = existing
        super().__init__(
            {"national_id": [_("A client with this personal identity code already exists.")]},
        )


class PossibleDuplicateError(ValidationError):
    """A client with a code one character apart, or with the same name and birth date, exists: the user confirms."""

    def __init__(self, candidates: list[Client]):
        self.candidates = candidates
        super().__init__({"national_id": [_("A similar client already exists: check that this is a different "
                                            "person before saving.")]})


def possible_duplicates(parsed: "nid.NationalId", first_name: str, last_name: str) -> list[Client]:
    hashes = [nid.lookup_hash(code) for code in nid.one_character_variants(parsed.code)]
    same_person = Q(birth_date=parsed.birth_date, first_name__iexact=first_name.strip(),
                    last_name__iexact=last_name.strip())
    return list(Client.objects.filter(Q(national_id_hash__in=hashes) | same_person).order_by("last_name", "pk")[:10])


def find_by_national_id(code: str) -> Client | None:
    return Client.objects.filter(national_id_hash=nid.lookup_hash(code)).first()


@transaction.atomic
def client_create(*, actor, national_id: str, responsible_worker=None, reason: str = "",
                  similar_confirmed: bool = False, **fields) -> Client:
    require(actor, "clients.add_client")
    parsed = nid.parse(national_id)
    try:
        nid.check_plausible_age(parsed.birth_date, timezone.localdate())
    except ValidationError as error:
        raise ValidationError({"national_id": error.messages}) from None
    existing = find_by_national_id(parsed.code)
    if existing:
        raise DuplicateClientError(existing)
    if not similar_confirmed:
        candidates = possible_duplicates(parsed, fields.get("first_name", ""), fields.get("last_name", ""))
        if candidates:
            raise PossibleDuplicateError(candidates)
    unknown = set(fields) - set(CLIENT_EDITABLE_FIELDS) - {"status"}
    if unknown:
        raise ValueError(f"Unknown client fields: {sorted(unknown)}")
    client = Client(**fields)
    client.set_national_id(parsed.code)
    _stamp_text_message_refusal(client, actor, was_refused=False)
    if responsible_worker is None and has_role(actor, *CLIENT_WORKERS):
        responsible_worker = actor
    client.responsible_worker = responsible_worker
    try:
        with transaction.atomic():
            save_audited(client, actor=actor)
    except IntegrityError:  # a concurrent create of the same person
        raise DuplicateClientError(find_by_national_id(parsed.code)) from None
    if responsible_worker is not None:
        ResponsibleWorkerChange.objects.create(
            client=client, worker=responsible_worker, changed_by=actor,
            reason=reason or _("Client registered"),
        )
    return client


@transaction.atomic
def client_update(*, actor, client_id: int, expected_version: int, **fields) -> Client:
    client = lock_for_update(Client, client_id, expected_version)
    require(actor, "clients.change_client", client)
    was_refused = client.text_messages_refused
    for name, value in fields.items():
        if name not in CLIENT_EDITABLE_FIELDS:
            raise ValueError(f"Field {name} is not editable here")
        setattr(client, name, value)
    _stamp_text_message_refusal(client, actor, was_refused)
    return save_audited(client, actor=actor)


class WorkerChangedError(ValidationError):
    """The responsible worker was changed by someone else after this user opened the form."""

    def __init__(self, client: Client):
        current = str(client.responsible_worker) if client.responsible_worker_id else _("nobody")
        super().__init__({"worker": [ValidationError(
            _("Someone else changed the responsible worker while you were on this page: it is now %(worker)s. "
              "Nothing was overwritten: check whether your change is still needed and save again.")
            % {"worker": current},
            code="concurrent_edit",
        )]})


NOT_CHECKED = object()


@transaction.atomic
def client_assign_worker(*, actor, client_id: int, worker, reason: str, expected_worker_id=NOT_CHECKED) -> Client:
    """Change the responsible worker. ``expected_worker_id`` is the worker's id (``None``: nobody) the form was
    opened with; the row is locked first, so of two users changing it at once the second is refused, with the
    worker now responsible named, instead of silently overwriting the first (a form sends it always)."""
    client = lock_for_update(Client, client_id)
    require(actor, "clients.assign_worker", client)
    if expected_worker_id is not NOT_CHECKED and client.responsible_worker_id != expected_worker_id:
        raise WorkerChangedError(client)
    if worker is not None and not has_role(worker, *CLIENT_WORKERS):
        raise ValidationError({"worker": [_("The responsible worker must be a coach or a social counsellor.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give a reason for the change.")]})
    if client.responsible_worker_id == getattr(worker, "pk", None):
        raise ValidationError({"worker": [_("This worker is already responsible for the client.")]})
    ResponsibleWorkerChange.objects.create(
        client=client, worker=worker, previous_worker=client.responsible_worker, changed_by=actor, reason=reason.strip()
    )
    client.responsible_worker = worker
    if client.status == ClientStatus.NEW and worker is not None:
        client.status = ClientStatus.ACTIVE
    return save_audited(client, actor=actor)


@transaction.atomic
def client_set_status(*, actor, client_id: int, status: str) -> Client:
    client = lock_for_update(Client, client_id)
    require(actor, "clients.change_client", client)
    if status not in STATUS_TRANSITIONS[ClientStatus(client.status)]:
        raise ValidationError(
            {"status": [_("A client cannot move from “%(old)s” to “%(new)s”.") % {
                "old": client.get_status_display(), "new": ClientStatus(status).label}]}
        )
    client.status = status
    return save_audited(client, actor=actor)


@transaction.atomic
def client_mark_contact_checked(*, actor, client_id: int, on=None) -> Client:
    client = lock_for_update(Client, client_id)
    require(actor, "clients.change_client", client)
    client.contact_checked_on = on or timezone.localdate()
    return save_audited(client, actor=actor)


@transaction.atomic
def consent_record(*, actor, client_id: int, purpose: str, given_on, details: str = "") -> Consent:
    client = Client.objects.get(pk=client_id)
    require(actor, "clients.change_client", client)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": [_("A consent cannot be given in the future.")]})
    consent = Consent(client=client, purpose=purpose, given_on=given_on, details=details, recorded_by=actor)
    return save_audited(consent, actor=actor)


@transaction.atomic
def consent_withdraw(*, actor, consent_id: int, withdrawn_on=None) -> Consent:
    consent = Consent.objects.select_for_update(of=("self",)).select_related("client").get(pk=consent_id)
    require(actor, "clients.change_client", consent.client)
    withdrawn_on = withdrawn_on or timezone.localdate()
    if consent.withdrawn_on:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": [_("A consent cannot be withdrawn before it was given.")]})
    consent.withdrawn_on = withdrawn_on
    return save_audited(consent, actor=actor)


@undo.handler("clients.consent_withdraw")
@transaction.atomic
def consent_withdraw_undo(*, actor, pk: int, state: str) -> str:
    """The consent is in force again, if it is still withdrawn on the day it was (nothing changed since)."""
    consent = Consent.objects.select_for_update(of=("self",)).select_related("client").filter(pk=pk).first()
    if consent is None or consent.withdrawn_on is None or consent.withdrawn_on.isoformat() != state:
        raise ValidationError(_("The consent has changed since: the withdrawal can no longer be undone."))
    require(actor, "clients.change_client", consent.client)
    consent.withdrawn_on = None
    save_audited(consent, actor=actor)
    return _("Undone: the consent is in force again.")


def _check_meeting_worker(worker):
    if not worker.has_perm("clients.have_meetings"):
        raise ValidationError({"worker": [_("Only coaches and social counsellors hold client meetings.")]})


@transaction.atomic
def meeting_plan(*, actor, client_id: int, starts_at, kind: str, location: str = "", duration_minutes: int = 60,
                 worker=None, participants: str = "") -> Meeting:
    client = Client.objects.select_related("responsible_worker").get(pk=client_id)
    require(actor, "clients.log_meeting", client)
    worker = worker or actor
    _check_meeting_worker(worker)
    if starts_at < timezone.now() - timedelta(minutes=5):
        raise ValidationError({"starts_at": [_("A planned meeting must be in the future.")]})
    meeting = Meeting(client=client, worker=worker, status=MeetingStatus.PLANNED, kind=kind, starts_at=starts_at,
                      location=location, duration_minutes=duration_minutes, participants=participants)
    return save_audited(meeting, actor=actor)


@transaction.atomic
def meeting_log(*, actor, client_id: int, starts_at, kind: str, notes: str = "", next_steps: str = "",
                participants: str = "", location: str = "", duration_minutes: int = 60, meeting_id: int | None = None,
                expected_version: int | None = None, contact_checked: bool = False,
                next_starts_at=None, next_kind: str | None = None, next_location: str = "") -> Meeting:
    """Record a held meeting (a new one, or a planned one now held); optionally book the next."""
    client = Client.objects.select_related("responsible_worker").get(pk=client_id)
    require(actor, "clients.log_meeting", client)
    if starts_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"starts_at": [_("A held meeting cannot be in the future: plan it instead.")]})
    if meeting_id:
        meeting = lock_for_update(Meeting, meeting_id, expected_version)
        if meeting.client_id != client.pk:
            raise PermissionDenied
        if MeetingStatus.HELD not in MEETING_TRANSITIONS[MeetingStatus(meeting.status)]:
            raise ValidationError(_("This meeting has already been recorded."))
    else:
        meeting = Meeting(client=client, worker=actor)
        _check_meeting_worker(actor)
    meeting.status = MeetingStatus.HELD
    meeting.starts_at, meeting.kind, meeting.notes, meeting.next_steps = starts_at, kind, notes, next_steps
    meeting.participants, meeting.location, meeting.duration_minutes = participants, location, duration_minutes
    save_audited(meeting, actor=actor)
    if next_starts_at:
        try:
            meeting_plan(actor=actor, client_id=client.pk, starts_at=next_starts_at,
                         kind=next_kind or kind, location=next_location or location)
        except ValidationError as error:
            raise ValidationError({"next_starts_at": error.messages}) from None
    changed = False
    if client.status == ClientStatus.NEW:
        client.status, changed = ClientStatus.ACTIVE, True
    if contact_checked:
        client.contact_checked_on, changed = starts_at.date(), True
    if changed:
        save_audited(client, actor=actor)
    return meeting


@transaction.atomic
def meeting_record_no_show(*, actor, meeting_id: int) -> Meeting:
    meeting = lock_for_update(Meeting, meeting_id)
    require(actor, "clients.log_meeting", meeting.client)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as a no-show."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not started yet: it cannot be a no-show."))
    meeting.status = MeetingStatus.NO_SHOW
    return save_audited(meeting, actor=actor)


@transaction.atomic
def meeting_cancel(*, actor, meeting_id: int) -> Meeting:
    meeting = lock_for_update(Meeting, meeting_id)
    require(actor, "clients.log_meeting", meeting.client)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    return save_audited(meeting, actor=actor)


def _meeting_back_to_planned(*, actor, pk, state, was: str) -> str:
    """Undo a cancellation or a no-show: only the user's own latest change, while nothing else has changed."""
    try:
        meeting = lock_for_update(Meeting, pk, expected_version=state)
    except (Meeting.DoesNotExist, ConcurrentEditError) as error:
        raise ValidationError(_("The meeting has changed since: the change can no longer be undone.")) from error
    require(actor, "clients.log_meeting", meeting.client)
    if meeting.status != was:
        raise ValidationError(_("The meeting has changed since: the change can no longer be undone."))
    meeting.status = MeetingStatus.PLANNED
    save_audited(meeting, actor=actor)
    return _("Undone: the meeting is planned again.")


@undo.handler("clients.meeting_cancel")
@transaction.atomic
def meeting_cancel_undo(*, actor, pk: int, state: int) -> str:
    return _meeting_back_to_planned(actor=actor, pk=pk, state=state, was=MeetingStatus.CANCELLED)


@undo.handler("clients.meeting_no_show")
@transaction.atomic
def meeting_no_show_undo(*, actor, pk: int, state: int) -> str:
    return _meeting_back_to_planned(actor=actor, pk=pk, state=state, was=MeetingStatus.NO_SHOW)


@transaction.atomic
def invitation_create(*, actor, client_id: int, method: str, starts_at=None, place: str = "", outcome: str = "",
                      message: str = "", kind: str | None = None) -> Invitation:
    """Invite a client by phone (outcome logged) or by letter (a PDF). A time books a planned meeting."""
    client = Client.objects.select_related("responsible_worker").get(pk=client_id)
    require(actor, "clients.invite_client", client)
    errors = {}
    if method == InvitationMethod.PHONE and not outcome:
        errors["outcome"] = [_("Record the outcome of the call.")]
    if method == InvitationMethod.LETTER:
        if not starts_at:
            errors["starts_at"] = [_("A letter needs the time of the meeting.")]
        if not place:
            errors["place"] = [_("A letter needs the place of the meeting.")]
        if not (client.street_address and client.postal_code and client.post_office):
            errors["method"] = [_("The client has no postal address: add it before sending a letter.")]
    if errors:
        raise ValidationError(errors)
    meeting = None
    if starts_at:
        meeting = meeting_plan(actor=actor, client_id=client.pk, starts_at=starts_at, location=place,
                               kind=kind or "in_person")
    invitation = Invitation(client=client, method=method, meeting=meeting, starts_at=starts_at, place=place,
                            outcome=outcome, message=message, created_by=actor)
    return save_audited(invitation, actor=actor)


def calendar_token_rotate(*, actor) -> str:
    """The worker's own new calendar address (``joutsa_tyollisyys.services.calendar_token_rotate``)."""
    from joutsa_tyollisyys.services import calendar_token_rotate as rotate

    rotate(actor=actor)
    return get_user_model().objects.values_list("calendar_token", flat=True).get(pk=actor.pk)


def _te_record_models():
    from .models import EmploymentPlan, ServiceNeedAssessment

    return {"assessment": ServiceNeedAssessment, "employment_plan": EmploymentPlan}


#: Kinds of documents made with the TE office that are recorded here (URL part → model).
TE_RECORD_KINDS = ("assessment", "employment_plan")


@transaction.atomic
def te_record_add(*, actor, client_id: int, kind: str, made_on, made_by: str, next_update_due,
                  notes: str = ""):
    """Record a service-need assessment or an employment plan made with the TE office."""
    client = Client.objects.select_related("responsible_worker").get(pk=client_id)
    require(actor, "clients.change_client", client)
    model = _te_record_models()[kind]
    errors = {}
    if made_on > timezone.localdate():
        errors["made_on"] = [_("The date cannot be in the future.")]
    if next_update_due <= made_on:
        errors["next_update_due"] = [_("The next update must be due after the date it was made.")]
    if not (made_by or "").strip():
        errors["made_by"] = [_("Tell who made it, for example the TE expert's name.")]
    if errors:
        raise ValidationError(errors)
    record = model(client=client, made_on=made_on, made_by=made_by.strip(), next_update_due=next_update_due,
                   notes=notes, recorded_by=actor)
    return save_audited(record, actor=actor)
