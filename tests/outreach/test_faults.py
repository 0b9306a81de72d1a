"""The letters with the broker down: the round says so at once and the letters can be printed again."""

import pytest

from outreach import services
from tests.faults.test_broker_faults import redis_down  # noqa: F401  (the fixture)

from .conftest import members

pytestmark = pytest.mark.django_db


def test_letters_with_redis_down_fail_at_once_with_a_message(redis_down, counsellor, template,  # noqa: F811
                                                              make_clients):
    invitation_round = services.round_create(actor=counsellor, members=members(make_clients(2)),
                                             template_id=template.pk, timing="call_us")
    invitation_round = services.letters_start(actor=counsellor, round_id=invitation_round.pk)
    assert invitation_round.letters_status == "failed"
    assert "taustapalveluun ei saada yhteyttä" in invitation_round.letters_error
    assert invitation_round.members.count() == 2  # the round itself is kept: print again later
