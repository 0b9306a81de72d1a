"""The monthly report's outreach figures: persons invited, reached, became clients, by channel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outreach import services
from outreach.models import InvitationRound
from reporting.indicators import BY_KEY, compute_indicator
from tests.factories import MeetingFactory

from .conftest import members

pytestmark = pytest.mark.django_db


def test_invited_reached_and_became_clients_by_channel(counsellor, template, make_clients):
    new_ones = make_clients(3, status="new")
    known = make_clients(2)
    chosen = members(new_ones[:2]) + members(new_ones[2:], "phone") + members(known, "phone")
    invitation_round = services.round_create(actor=counsellor, members=chosen, template_id=template.pk,
                                             timing="call_us")
    services.letters_render(round_id=invitation_round.pk)
    services.round_send(actor=counsellor, round_id=invitation_round.pk)
    by_client = {m.client_id: m for m in invitation_round.members.all()}
    # a letter answered; a call that led to a meeting held (the new person became an active client)
    services.member_record(actor=counsellor, member_id=by_client[new_ones[0].pk].pk, status="answered")
    MeetingFactory(client=new_ones[2], worker=counsellor, starts_at=timezone.now() + timedelta(minutes=1))
    new_ones[2].status = "active"
    new_ones[2].save()
    # a cancelled round counts for nothing
    other = services.round_create(actor=counsellor, members=members(make_clients(1)), template_id=template.pk,
                                  timing="call_us")
    services.round_cancel(actor=counsellor, round_id=other.pk)

    month = timezone.localdate().replace(day=1)

    def value(key):
        return compute_indicator(BY_KEY[key], month, {})["value"]

    assert value("outreach_invited") == 5
    assert value("outreach_letter") == 2 and value("outreach_phone") == 3 and value("outreach_text") == 0
    assert value("outreach_reached") == 2
    assert value("outreach_became_clients") == 1
    assert sorted(compute_indicator(BY_KEY["outreach_invited"], month, {})["ids"]) == \
        sorted(m.client_id for m in InvitationRound.objects.get(pk=invitation_round.pk).members.all())
    last_month = (month - timedelta(days=1)).replace(day=1)
    assert compute_indicator(BY_KEY["outreach_invited"], last_month, {})["value"] == 0
