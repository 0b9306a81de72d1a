import pytest

from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory
from tests.health_cooperation.factories import HealthConsentFactory


@pytest.fixture
def social(make_user):
    return make_user(Role.SOCIAL_COUNSELLOR, username="social")


@pytest.fixture
def clerk(make_user):
    return make_user(Role.OFFICE_CLERK, username="clerk")


@pytest.fixture
def client_without_consent(coach):
    return ClientFactory(responsible_worker=coach, first_name="Veikko", last_name="Virta")


@pytest.fixture
def consenting_client(coach):
    """A client of the coach with a consent to share information with health services in force."""
    client = ClientFactory(responsible_worker=coach, first_name="Aino", last_name="Aalto")
    HealthConsentFactory(client=client)
    return client
