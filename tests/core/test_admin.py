"""Administration stays cheap as the organisation grows (an employment area has over a thousand users)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joutsa_tyollisyys.roles import Role
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_user_list_queries_do_not_grow_with_the_users_and_their_teams(make_user, login):
    http = login(make_user(Role.ADMIN, username="admin", is_staff=True))

    def queries_with(count):
        for n in range(count):
            make_user(Role.COACH, team=TeamFactory(name=f"Alue {n + 1}"))
        http.get("/admin/core/user/")
        with CaptureQueriesContext(connection) as context:
            response = http.get("/admin/core/user/")
        assert response.status_code == 200 and f"Alue {count}" in response.content.decode()
        return len(context)

    assert queries_with(2) == queries_with(20)
