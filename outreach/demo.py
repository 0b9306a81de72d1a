"""Demo data: one invitation round sent by the social counsellor to persons on the latest payment-share list not
marked contacted (letters to those with an address, phone calls to the rest, "call us"), two replies
recorded. Runs after the payment-share demo (app order) and before the monthly reports."""

from . import services
from .enums import Channel, MemberStatus
from .models import InvitationRound, InvitationTemplate

PERSONS = 8


def seed(ctx):
    from payment_share.models import PaymentShareEntry
    from payment_share.selectors import latest_month

    if InvitationRound.objects.exists():
        return
    month = latest_month()
    template = InvitationTemplate.objects.filter(active=True).first()
    counsellor = ctx.users.get("sosiaaliohjaaja")
    if month is None or template is None or counsellor is None:
        return
    entries = list(PaymentShareEntry.objects.filter(month=month, contacted_on__isnull=True)
                   .select_related("client").order_by("client__last_name", "pk")[:PERSONS])
    if not entries:
        return
    chosen = [{"client_id": e.client_id, "entry_id": e.pk,
               "channel": Channel.LETTER if services.has_usable_address(e.client) else Channel.PHONE}
              for e in entries]
    invitation_round = services.round_create(actor=counsellor, members=chosen, template_id=template.pk,
                                             timing="call_us", source="payment_share", share_month=month)
    services.letters_render(round_id=invitation_round.pk)
    services.round_send(actor=counsellor, round_id=invitation_round.pk)
    for member, outcome in zip(invitation_round.members.order_by("pk")[:2],
                               (MemberStatus.ANSWERED, MemberStatus.CALL_AGAIN), strict=False):
        services.member_record(actor=counsellor, member_id=member.pk, status=outcome)
