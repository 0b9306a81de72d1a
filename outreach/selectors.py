"""Reads for the invitation rounds' pages and the monthly report."""

from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from clients.enums import ClientStatus, MeetingStatus
from clients.models import Client, Meeting
from joutsa_tyollisyys.roles import Role, roles_of

from .enums import REACHED, TO_CALL, Channel, MemberStatus, RoundStatus
from .models import InvitationRound, RoundMember


def rounds_for(user):
    """The rounds a user follows: their own and their team's (a coach), every round (the social counsellor)."""
    qs = InvitationRound.objects.select_related("created_by", "template")
    roles = roles_of(user)
    if Role.SOCIAL_COUNSELLOR not in roles:
        mine = Q(created_by=user)
        if user.team_id is not None and Role.COACH in roles:
            mine |= Q(created_by__team_id=user.team_id)
        qs = qs.filter(mine)
    return qs.annotate(
        persons=Count("members"),
        letters=Count("members", filter=Q(members__channel=Channel.LETTER)),
        texts=Count("members", filter=Q(members__channel=Channel.TEXT)),
        calls=Count("members", filter=Q(members__channel=Channel.PHONE)),
        reached=Count("members", filter=Q(members__status__in=REACHED)),
    ).order_by("-created_at", "-pk")


def round_members(invitation_round):
    return invitation_round.members.select_related("client__responsible_worker", "meeting", "text_message").order_by(
        "client__last_name", "client__first_name", "pk")


def round_counts(members) -> dict:
    """How many persons in each state and channel (of the members already read)."""
    by_status = {status: 0 for status in MemberStatus.values}
    by_channel = {channel: 0 for channel in Channel.values}
    for member in members:
        by_status[member.shown_status] += 1
        by_channel[member.channel] += 1
    return {
        "total": len(members),
        "by_status": [(MemberStatus(s).label, s, n) for s, n in by_status.items() if n],
        "by_channel": [(Channel(c).label, c, n) for c, n in by_channel.items() if n],
        "reached": sum(n for s, n in by_status.items() if s in REACHED),
        "to_call": sum(n for s, n in by_status.items() if s in TO_CALL),
    }


def entries_for_round(entry_ids):
    """The chosen rows of the payment-share review (their clients read with them)."""
    from payment_share.models import PaymentShareEntry

    return (PaymentShareEntry.objects.filter(pk__in=list(entry_ids)).select_related("client")
            .order_by("client__last_name", "client__first_name", "pk"))


def _month_bounds(month: date):
    from joutsa_tyollisyys.dates import add_months

    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(month, time.min), tz),
            timezone.make_aware(datetime.combine(add_months(month, 1), time.min), tz))


def outreach_in_period(start: date, end: date) -> dict:
    """For the monthly report: the persons invited in rounds sent from ``start`` to ``end`` (inclusive): invited
    (distinct persons), reached (answered or came, or a meeting held with them since the round was sent), became
    clients (new from the payment-share list when invited, an active client now) and invited by each channel. One
    query."""
    tz = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.combine(start, time.min), tz)
    high = timezone.make_aware(datetime.combine(end, time.max), tz)
    held_since = Exists(Meeting.objects.filter(client=OuterRef("client_id"), status=MeetingStatus.HELD,
                                               starts_at__gte=OuterRef("round__sent_at")))
    rows = (RoundMember.objects.filter(round__status=RoundStatus.SENT, round__sent_at__gte=low,
                                       round__sent_at__lte=high)
            .annotate(met=held_since)
            .values_list("client_id", "channel", "status", "met", "client_was_new", "client__status"))
    persons = {}
    for client_id, channel, status, met, was_new, client_status in rows:
        person = persons.setdefault(client_id, {"channels": set(), "reached": False, "became": False})
        person["channels"].add(channel)
        person["reached"] |= status in REACHED or bool(met)
        person["became"] |= bool(was_new) and client_status == ClientStatus.ACTIVE
    figures = {
        "invited": len(persons),
        "invited_ids": sorted(persons),
        "reached": sum(1 for p in persons.values() if p["reached"]),
        "reached_ids": sorted(pk for pk, p in persons.items() if p["reached"]),
        "became_clients": sum(1 for p in persons.values() if p["became"]),
        "became_ids": sorted(pk for pk, p in persons.items() if p["became"]),
    }
    for channel in Channel.values:
        figures[channel] = sum(1 for p in persons.values() if channel in p["channels"])
    return figures


def clients_for_round(user, client_ids):
    return Client.objects.filter(pk__in=list(client_ids)).select_related("responsible_worker")
