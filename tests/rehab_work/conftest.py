import pytest

from joutsa_tyollisyys.roles import Role


@pytest.fixture
def social(make_user):
    return make_user(Role.SOCIAL_COUNSELLOR, username="social")


@pytest.fixture
def clerk(make_user):
    return make_user(Role.OFFICE_CLERK, username="clerk")
