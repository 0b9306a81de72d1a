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


def test_a_users_roles_are_given_by_groups_on_the_change_page(make_user, login):
    """Roles are groups; the page has no list of per-user permissions (hundreds of options, most of its time)."""
    from django.contrib.auth.models import Group

    admin = make_user(Role.ADMIN, username="admin", is_staff=True)
    coach = make_user(Role.COACH, username="coach")
    http = login(admin)
    page = http.get(f"/admin/core/user/{coach.pk}/change/").content.decode()
    assert 'name="groups"' in page and 'name="team"' in page
    assert 'name="user_permissions"' not in page
    form = {"username": "coach", "first_name": "Aino", "last_name": "Virta", "is_active": "on",
            "groups": [Group.objects.get(name=str(Role.SOCIAL_COUNSELLOR)).pk], "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00", "title": "", "phone": "", "team": ""}
    response = http.post(f"/admin/core/user/{coach.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    coach.refresh_from_db()
    assert list(coach.groups.values_list("name", flat=True)) == [str(Role.SOCIAL_COUNSELLOR)]
