"""Every change to an invitation round goes through here (DESIGN.md): the role is checked, the input
validated (a Finnish message, nothing half-saved), the change written with its history, in a transaction."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from clients.enums import ClientStatus, MeetingStatus, PhoneOutcome
from clients.models import Client, Invitation
from clients.services import meeting_cancel, meeting_plan
from joutsa_tyollisyys.access_log import log_access_many
from joutsa_tyollisyys.services import require, save_audited
from joutsa_tyollisyys.tasks_util import enqueue
from joutsa_tyollisyys.workdays import working_day_on_or_after

from . import placeholders, slots
from .enums import RECORDABLE, Channel, LettersStatus, MemberStatus, RoundStatus, Timing
from .models import InvitationRound, InvitationTemplate, RoundMember

logger = logging.getLogger(__name__)

#: The most persons in one round (the benchmark's 2,000 letters fit).
MAX_MEMBERS = 3000
WEEKDAYS = {"fi": ("ma", "ti", "ke", "to", "pe", "la", "su"), "sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön")}


def has_usable_address(client) -> bool:
    """A letter can be posted: street, a five-digit postal code and a post office."""
    code = (client.postal_code or "").strip()
    return bool((client.street_address or "").strip() and len(code) == 5 and code.isdigit()
                and (client.post_office or "").strip())


def format_time(starts_at, language: str) -> str:
    if starts_at is None:
        with override(language):
            return _("call us and we agree on a time")
    local = timezone.localtime(starts_at)
    day = WEEKDAYS["sv" if language == "sv" else "fi"][local.weekday()]
    word = "kl." if language == "sv" else "klo"
    return f"{day} {local.day}.{local.month}.{local.year} {word} {local:%H.%M}"


def message_values(*, client, worker, starts_at, place: str, language: str) -> dict:
    return {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "time": format_time(starts_at, language),
        "place": place,
        "worker": worker.get_full_name() or worker.username,
        "worker_phone": getattr(worker, "phone", "") or settings.MUNICIPALITY_PHONE,
        "unit": settings.SERVICE_UNIT_NAME,
        "municipality": settings.MUNICIPALITY_NAME,
        "phone": settings.MUNICIPALITY_PHONE,
    }


def _language(client) -> str:
    return "sv" if client.language == "sv" else "fi"


def _text_problems(clients, template) -> list[str]:
    """Why a text message cannot go to these persons (refused texts, not a mobile number, a text too long), each
    with the person's name: the messaging app's own check, before anything is saved."""
    if not clients:
        return []
    from messaging.services import check_text_message

    problems = []
    for client in clients:
        sample = placeholders.fill(template.body(Channel.TEXT, _language(client)), {})
        try:
            check_text_message(client=client, body=sample)
        except ValidationError as error:
            problems.append(f"{client.full_name}: {' '.join(error.messages)}")
    if len(problems) > 5:
        problems = [*problems[:5], f"(+{len(problems) - 5})"]
    return problems


def _names(clients, limit=5) -> str:
    names = [c.full_name for c in clients]
    return ", ".join(names[:limit]) + (f" (+{len(names) - limit})" if len(names) > limit else "")


@transaction.atomic
def round_create(*, actor, members, template_id, timing: str, place: str = "", duration_minutes: int = 45,
                 first_day=None, source: str = "", share_month=None) -> InvitationRound:
    """Make a round: ``members`` are dicts of ``client_id``, ``channel`` and optionally ``entry_id`` (the row of the
    payment-share list the person was chosen from). With ``timing`` "slot" each person invited by letter or text
    gets a time in the actor's free times, held by the round (no other round of theirs gets it) and planned as a
    meeting when the round is sent (so a round never sent leaves no meetings, and no reminders go out for them);
    a person to phone agrees the time on the phone. All or nothing."""
    require(actor, "outreach.make_round")
    members = list(members or [])
    if not members:
        raise ValidationError({"members": [_("Choose at least one person to invite.")]})
    if len(members) > MAX_MEMBERS:
        raise ValidationError({"members": [_("A round can have at most %(max)s persons: make several rounds.")
                                           % {"max": MAX_MEMBERS}]})
    errors = {}
    template = InvitationTemplate.objects.filter(pk=template_id, active=True).first() if template_id else None
    if template is None:
        errors["template"] = [_("Choose the template of the message.")]
    else:
        try:
            template.clean()
        except ValidationError:
            errors["template"] = [_("The template has errors: the administrator corrects it first.")]
    if timing not in Timing.values:
        errors["timing"] = [_("Choose whether to propose a time or to ask the person to call.")]
    place = (place or "").strip()
    if timing == Timing.SLOT:
        if not place:
            errors["place"] = [_("Give the place of the meeting.")]
        if first_day is None:
            errors["first_day"] = [_("Give the first day of the proposed times.")]
        elif first_day < timezone.localdate():
            errors["first_day"] = [_("The proposed times cannot be in the past.")]
        if not 15 <= int(duration_minutes or 0) <= 180:
            errors["duration_minutes"] = [_("A meeting lasts 15–180 minutes.")]
    channels = {}
    for item in members:
        if item.get("channel") not in Channel.values:
            errors["members"] = [_("Choose a channel for every person.")]
            break
        channels[int(item["client_id"])] = (item["channel"], item.get("entry_id"))
    if len(channels) != len(members):
        errors.setdefault("members", [_("A person is chosen twice: reload the page.")])
    if errors:
        raise ValidationError(errors)
    clients = {c.pk: c for c in Client.objects.select_related("responsible_worker").filter(pk__in=channels)}
    if len(clients) != len(channels):
        raise ValidationError({"members": [_("Some of the chosen persons no longer exist: reload the page.")]})
    ordered = sorted(clients.values(), key=lambda c: (c.last_name, c.first_name, c.pk))
    refused = [c for c in ordered if not actor.has_perm("clients.invite_client", c)]
    if refused:
        raise ValidationError({"members": [_("You cannot invite %(names)s: they are another team's clients. Leave "
                                             "them out or ask the social counsellor.") % {"names": _names(refused)}]})
    no_address = [c for c in ordered if channels[c.pk][0] == Channel.LETTER and not has_usable_address(c)]
    if no_address:
        errors["members"] = [_("No usable postal address for a letter: %(names)s. Choose a text message or a "
                               "phone call for them, or add the address first.") % {"names": _names(no_address)}]
    no_phone = [c for c in ordered if channels[c.pk][0] == Channel.TEXT and not (c.phone or "").strip()]
    if no_phone:
        errors.setdefault("members", []).append(
            _("No phone number for a text message: %(names)s. Choose a letter or a phone call for them.")
            % {"names": _names(no_phone)})
    if errors:
        raise ValidationError(errors)
    errors["members"] = _text_problems([c for c in ordered if channels[c.pk][0] == Channel.TEXT], template)
    if errors["members"]:
        raise ValidationError(errors)
    entry_ids = [entry_id for _channel, entry_id in channels.values() if entry_id]
    if entry_ids:
        from payment_share.models import PaymentShareEntry

        found = dict(PaymentShareEntry.objects.filter(pk__in=entry_ids).values_list("pk", "client_id"))
        if any(found.get(int(entry_id)) != client_id for client_id, (_c, entry_id) in channels.items() if entry_id):
            raise ValidationError({"members": [_("The chosen rows no longer match the list: reload the page.")]})

    invited_by_time = [c for c in ordered if channels[c.pk][0] != Channel.PHONE]
    times = {}
    if timing == Timing.SLOT and invited_by_time:
        first_day = working_day_on_or_after(first_day)
        found = slots.free_slots(actor, first_day=first_day, count=len(invited_by_time),
                                 duration_minutes=int(duration_minutes))
        if len(found) < len(invited_by_time):
            raise ValidationError({"first_day": [_(
                "Your calendar has only %(free)s free times in the next %(days)s days for %(count)s persons: "
                "make a smaller round or ask the persons to call.") % {
                "free": len(found), "days": slots.MAX_DAYS_AHEAD, "count": len(invited_by_time)}]})
        times = {c.pk: start for c, start in zip(invited_by_time, found, strict=True)}

    invitation_round = save_audited(InvitationRound(
        created_by=actor, template=template, timing=timing, place=place, duration_minutes=int(duration_minutes or 45),
        first_day=first_day if timing == Timing.SLOT else None, source=source[:200], share_month=share_month,
        letters_status=LettersStatus.QUEUED if any(ch == Channel.LETTER for ch, _e in channels.values())
        else LettersStatus.NONE,
    ), actor=actor)
    rows = []
    for client in ordered:
        channel, entry_id = channels[client.pk]
        starts_at = times.get(client.pk)  # held for the round (``slots``); the meeting is planned when it is sent
        language = _language(client)
        values = message_values(client=client, worker=actor, starts_at=starts_at, place=place, language=language)
        rows.append(RoundMember(
            round=invitation_round, client=client, entry_id=entry_id or None, channel=channel, language=language,
            message=placeholders.fill(template.body(channel, language), values) if channel != Channel.PHONE else "",
            starts_at=starts_at, client_was_new=client.status == ClientStatus.NEW,
        ))
    RoundMember.objects.bulk_create(rows, batch_size=500)
    return invitation_round


def letters_start(*, actor, round_id: int) -> InvitationRound:
    """Hand the round's letters to the background worker (not atomic: the round must be committed first). With
    the broker down the round says so and the user may try again."""
    from .tasks import render_letters

    invitation_round = InvitationRound.objects.get(pk=round_id)
    require(actor, "outreach.manage_round", invitation_round)
    if invitation_round.status != RoundStatus.PREPARED:
        raise ValidationError(_("The round has already been sent or cancelled."))
    if not invitation_round.members.filter(channel=Channel.LETTER).exists():
        return invitation_round
    InvitationRound.objects.filter(pk=round_id).update(
        letters_status=LettersStatus.QUEUED, letters_progress=0, letters_error="", letters_queued_at=timezone.now())
    if enqueue(render_letters, round_id) is None:
        InvitationRound.objects.filter(pk=round_id).update(
            letters_status=LettersStatus.FAILED,
            letters_error=_("The letters could not be printed because the background service cannot be reached. "
                            "Try again in a moment."))
    invitation_round.refresh_from_db()
    return invitation_round


#: Letters rendered per WeasyPrint document: the progress bar moves after each.
LETTERS_PER_CHUNK = 100


def letters_render(*, round_id: int) -> InvitationRound:
    """Render the round's letters into one PDF, one letter per person with a usable address (those without one are
    left out and shown apart on the round's page). Idempotent: a retry renders the whole PDF again."""
    import io

    from pypdf import PdfWriter

    from joutsa_tyollisyys.pdf import render_pdf

    invitation_round = InvitationRound.objects.select_related("created_by").get(pk=round_id)
    if invitation_round.status != RoundStatus.PREPARED:
        return invitation_round
    InvitationRound.objects.filter(pk=round_id).update(letters_status=LettersStatus.RUNNING, letters_progress=1)
    members = list(invitation_round.members.filter(channel=Channel.LETTER).select_related("client")
                   .order_by("client__last_name", "client__first_name", "pk"))
    printable = [m for m in members if has_usable_address(m.client)]
    unprintable = [m.pk for m in members if not has_usable_address(m.client)]
    try:
        writer = PdfWriter()
        chunks = [printable[i:i + LETTERS_PER_CHUNK] for i in range(0, len(printable), LETTERS_PER_CHUNK)]
        for done, chunk in enumerate(chunks, start=1):
            pdf = render_pdf("outreach/pdf/letters.html", {"round": invitation_round, "members": chunk,
                                                           "worker": invitation_round.created_by})
            writer.append(io.BytesIO(pdf))
            InvitationRound.objects.filter(pk=round_id).update(letters_progress=max(1, 99 * done // len(chunks)))
        out = io.BytesIO()
        if printable:
            writer.write(out)
    except Exception:  # noqa: BLE001 (any rendering failure: the round says so, the worker may retry)
        logger.exception("Letters of invitation round %s failed", round_id)
        InvitationRound.objects.filter(pk=round_id).update(
            letters_status=LettersStatus.FAILED, letters_error=_("Printing the letters failed. Try again."))
        raise
    with transaction.atomic():
        RoundMember.objects.filter(pk__in=[m.pk for m in printable]).update(printed=True)
        RoundMember.objects.filter(pk__in=unprintable).update(printed=False)
        InvitationRound.objects.filter(pk=round_id, status=RoundStatus.PREPARED).update(
            letters_status=LettersStatus.DONE, letters_progress=100, letters_count=len(printable),
            letters_pdf=out.getvalue() if printable else None)
    if printable:  # the letters carry names and addresses: one row per person printed
        log_access_many(user=invitation_round.created_by, client_ids=[m.client_id for m in printable],
                        action="pdf", what="invitation round letters")
    invitation_round.refresh_from_db()
    return invitation_round


def _lock_round(actor, round_id) -> InvitationRound:
    invitation_round = InvitationRound.objects.select_for_update(of=("self",)).get(pk=round_id)
    require(actor, "outreach.manage_round", invitation_round)
    return invitation_round


@transaction.atomic
def round_send(*, actor, round_id: int) -> InvitationRound:
    """The letters are posted and the texts go out: each person proposed a time gets the meeting planned with the
    inviting worker, each gets an invitation on their page (``clients``), a text message is queued (sent when this
    commits). All or nothing: one text that cannot be sent (no consent, not a phone number) or a proposed time
    already past stops the whole round with the person's name, and nothing is sent."""
    invitation_round = _lock_round(actor, round_id)
    if invitation_round.status != RoundStatus.PREPARED:
        raise ValidationError(_("The round has already been sent or cancelled."))
    members = list(invitation_round.members.select_related("client", "meeting"))
    letters = [m for m in members if m.channel == Channel.LETTER]
    if letters and invitation_round.letters_status != LettersStatus.DONE:
        raise ValidationError(_("The letters are not ready yet: wait until they are printed."))
    unprinted = [m for m in letters if not m.printed]
    if unprinted:
        raise ValidationError(_("%(names)s have no letter in the PDF (no usable address): cancel the round and make "
                                "it again with another channel for them.") % {
            "names": _names([m.client for m in unprinted])})
    texts = [m for m in members if m.channel == Channel.TEXT]
    if texts:
        from messaging.services import queue_text_message
    failures = []
    for member in members:
        if member.starts_at is not None and member.meeting_id is None:
            if member.starts_at < timezone.now():
                failures.append(_("%(name)s: the proposed time has passed") % {"name": member.client.full_name})
                continue
            member.meeting = meeting_plan(actor=actor, client_id=member.client_id, starts_at=member.starts_at,
                                          kind="in_person", location=invitation_round.place,
                                          duration_minutes=invitation_round.duration_minutes)
        invitation = Invitation(
            client=member.client, method=member.channel, meeting=member.meeting, starts_at=member.starts_at,
            place=invitation_round.place, message=member.message, created_by=actor)
        save_audited(invitation, actor=actor)
        member.invitation = invitation
        member.status = MemberStatus.TO_CALL if member.channel == Channel.PHONE else MemberStatus.SENT
        if member.channel == Channel.TEXT:
            try:
                with transaction.atomic():
                    member.text_message = queue_text_message(
                        actor=actor, client=member.client, body=member.message, purpose="invitation",
                        key=f"outreach-member-{member.pk}")
            except ValidationError as error:
                failures.append(f"{member.client.full_name}: {' '.join(error.messages)}")
                continue
        save_audited(member, actor=actor)
    if failures:
        raise ValidationError(_("Nothing was sent. These invitations cannot be sent: %(list)s") % {
            "list": "; ".join(failures[:5]) + (f" (+{len(failures) - 5})" if len(failures) > 5 else "")})
    invitation_round.status, invitation_round.sent_at = RoundStatus.SENT, timezone.now()
    invitation_round.sent_by = actor
    save_audited(invitation_round, actor=actor)
    return invitation_round  # each text is in the access log per person (``messaging.services``)


@transaction.atomic
def round_cancel(*, actor, round_id: int) -> InvitationRound:
    """Cancel a round before it is sent: its proposed times are freed, its letters' PDF deleted."""
    invitation_round = _lock_round(actor, round_id)
    if invitation_round.status != RoundStatus.PREPARED:
        raise ValidationError(_("Only a round that has not been sent can be cancelled."))
    for member in invitation_round.members.select_related("meeting"):
        if member.meeting is not None and member.meeting.status == MeetingStatus.PLANNED:
            meeting_cancel(actor=actor, meeting_id=member.meeting_id)
    invitation_round.members.update(status=MemberStatus.CANCELLED)
    invitation_round.status, invitation_round.cancelled_at = RoundStatus.CANCELLED, timezone.now()
    invitation_round.letters_pdf = None
    if invitation_round.letters_status in (LettersStatus.QUEUED, LettersStatus.RUNNING):
        invitation_round.letters_status = LettersStatus.NONE
    return save_audited(invitation_round, actor=actor)


PHONE_OUTCOMES = {MemberStatus.ANSWERED: PhoneOutcome.REACHED, MemberStatus.CALL_AGAIN: PhoneOutcome.NOT_REACHED}


@transaction.atomic
def member_record(*, actor, member_id: int, status: str) -> RoundMember:
    """Record what came of one invitation: answered, came, did not come, to call again."""
    member = RoundMember.objects.select_for_update(of=("self",)).select_related("round", "client", "invitation",
                                                                                 "entry").get(pk=member_id)
    require(actor, "outreach.manage_round", member.round)
    if not actor.has_perm("clients.invite_client", member.client):
        raise PermissionDenied
    if member.round.status != RoundStatus.SENT:
        raise ValidationError(_("Record replies once the round has been sent."))
    if status not in RECORDABLE:
        raise ValidationError({"status": [_("Choose what came of the invitation.")]})
    member.status, member.outcome_at, member.outcome_by = status, timezone.now(), actor
    save_audited(member, actor=actor)
    invitation = member.invitation
    if invitation is not None and invitation.method == Channel.PHONE and status in PHONE_OUTCOMES:
        invitation.outcome = PHONE_OUTCOMES[status]
        save_audited(invitation, actor=actor)
    if status in (MemberStatus.ANSWERED, MemberStatus.CAME):
        mark_contacted(member, by=actor, on=timezone.localdate())
    return member


def mark_contacted(member, *, by, on):
    """The person chosen from the payment-share review is marked contacted there (once)."""
    if member.entry_id is None:
        return
    from payment_share.models import PaymentShareEntry
    from payment_share.selectors import FIGURES

    entry = PaymentShareEntry.objects.select_for_update(of=("self",)).get(pk=member.entry_id)
    if entry.contacted_on is not None:
        return
    entry.contacted_on, entry.contacted_by = min(on, timezone.localdate()), by
    FIGURES.forget_on_commit()
    save_audited(entry, actor=by)


def meeting_recorded(meeting):
    """A meeting was held or missed (``signals``): the invitations of sent rounds that led to it follow — came (and
    contacted in the payment-share review) or did not come."""
    if meeting.status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        return
    waiting = [MemberStatus.SENT, MemberStatus.ANSWERED, MemberStatus.TO_CALL, MemberStatus.CALL_AGAIN]
    linked = RoundMember.objects.filter(round__status=RoundStatus.SENT, client_id=meeting.client_id)
    if meeting.status == MeetingStatus.NO_SHOW:
        members = linked.filter(meeting_id=meeting.pk, status__in=waiting)
        new_status = MemberStatus.NO_SHOW
    else:  # the proposed meeting, or one agreed after the invitation (on the phone, a reply)
        members = linked.filter(status__in=[*waiting, MemberStatus.NO_SHOW],
                                round__sent_at__lte=meeting.starts_at + timedelta(days=1))
        new_status = MemberStatus.CAME
    with transaction.atomic():
        for member in members.select_for_update(of=("self",)):
            member.status, member.outcome_at, member.outcome_by_id = new_status, timezone.now(), meeting.worker_id
            member._history_user = meeting.worker
            member.save(update_fields=["status", "outcome_at", "outcome_by"])
            if new_status == MemberStatus.CAME:
                mark_contacted(member, by=meeting.worker, on=timezone.localtime(meeting.starts_at).date())
