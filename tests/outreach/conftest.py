from datetime import date, timedelta

import pytest

from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.workdays import working_day_on_or_after
from outreach.models import InvitationTemplate
from tests.factories import ClientFactory, TeamFactory


@pytest.fixture
def counsellor(make_user):
    return make_user(Role.SOCIAL_COUNSELLOR, username="counsellor", first_name="Sanna", last_name="Ohjaaja",
                     phone="040 555 1234")


@pytest.fixture
def team_coach(make_user):
    return make_user(Role.COACH, username="coach_a", team=TeamFactory(name="A"))


@pytest.fixture
def template():
    return InvitationTemplate.objects.get(name="Kutsu tapaamiseen")


@pytest.fixture
def first_day():
    return working_day_on_or_after(date.today() + timedelta(days=7))


@pytest.fixture
def make_clients():
    def make(count, **kwargs):
        return [ClientFactory(first_name=f"Etu{i}", last_name=f"Suku{i:03d}", **kwargs) for i in range(count)]

    return make


def members(clients, channel="letter", entries=None):
    return [{"client_id": c.pk, "channel": channel, "entry_id": entries[i].pk if entries else None}
            for i, c in enumerate(clients)]
