"""Issue 23 item 5, no one grants themselves a role: role and team changes are in the access log, an administrator
cannot change their own roles or team (nor make superusers without being one), and giving a role that sees
personal data tells the other administrators."""

import pytest
from django.contrib.auth.models import Group

from joutsa_tyollisyys.models import AccessLogEntry, Notification
from joutsa_tyollisyys.roles import Role
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def _form(user, *, roles, team=None, **extra):
    return {"username": user.username, "first_name": "Aino", "last_name": "Virta", "is_active": "on",
            "is_staff": "on" if user.is_staff else "",
            "groups": [Group.objects.get_or_create(name=str(role))[0].pk for role in roles],
            "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00", "title": "", "phone": "",
            "team": team.pk if team else "", **extra}


@pytest.fixture
def admins(make_user):
    return (make_user(Role.ADMIN, username="admin", is_staff=True),
            make_user(Role.ADMIN, username="admin2", is_staff=True))


def _roles(user):
    return set(user.groups.values_list("name", flat=True))


def test_an_administrator_cannot_give_themselves_a_role_or_a_team(admins, login):
    admin, _other = admins
    http = login(admin)
    page = http.get(f"/admin/core/user/{admin.pk}/change/").content.decode()
    assert 'name="groups"' not in page and 'name="team"' not in page and 'name="is_superuser"' not in page
    assert "Et voi muuttaa omia roolejasi" in page
    forged = _form(admin, roles=[Role.ADMIN, Role.COACH, Role.SOCIAL_COUNSELLOR], team=TeamFactory(name="TyöVarikko"),
                   is_superuser="on")
    response = http.post(f"/admin/core/user/{admin.pk}/change/", forged)
    assert response.status_code == 302
    admin.refresh_from_db()
    assert _roles(admin) == {str(Role.ADMIN)} and admin.team is None and not admin.is_superuser
    assert not AccessLogEntry.objects.filter(action="roles").exists()


def test_only_a_superuser_makes_superusers(admins, make_user, login):
    admin, _other = admins
    coach = make_user(Role.COACH, username="coach")
    http = login(admin)
    assert 'name="is_superuser"' not in http.get(f"/admin/core/user/{coach.pk}/change/").content.decode()
    http.post(f"/admin/core/user/{coach.pk}/change/", _form(coach, roles=[Role.COACH], is_superuser="on"))
    coach.refresh_from_db()
    assert not coach.is_superuser


def test_a_role_given_to_someone_else_is_audited_and_the_other_administrators_told(admins, make_user, login):
    admin, other = admins
    clerk = make_user(Role.OFFICE_CLERK, username="clerk")
    team = TeamFactory(name="TyöVarikko")
    response = login(admin).post(f"/admin/core/user/{clerk.pk}/change/",
                                 _form(clerk, roles=[Role.COACH], team=team))
    assert response.status_code == 302
    assert _roles(clerk) == {str(Role.COACH)}
    entry = AccessLogEntry.objects.get(action="roles")
    assert entry.username == "admin" and entry.client_id is None
    assert entry.what == "clerk: +coach, -office_clerk, team - -> TyöVarikko"
    note = Notification.objects.get()
    assert note.recipient == other and "admin" in note.message and "clerk" in note.message
    assert "Valmentaja" in note.message or "valmentaja" in note.message.lower()
    assert note.url == f"/admin/core/user/{clerk.pk}/change/"


def test_a_role_without_personal_data_is_audited_without_alarm(admins, make_user, login):
    admin, _other = admins
    clerk = make_user(Role.OFFICE_CLERK, username="clerk")
    login(admin).post(f"/admin/core/user/{clerk.pk}/change/", _form(clerk, roles=[Role.WORKING_GROUP]))
    assert AccessLogEntry.objects.get(action="roles").what == "clerk: +working_group, -office_clerk"
    assert not Notification.objects.exists()


def test_saving_a_user_without_changing_roles_or_team_writes_nothing(admins, make_user, login):
    admin, _other = admins
    coach = make_user(Role.COACH, username="coach")
    login(admin).post(f"/admin/core/user/{coach.pk}/change/", _form(coach, roles=[Role.COACH]))
    assert not AccessLogEntry.objects.exists() and not Notification.objects.exists()


def test_a_superuser_made_by_a_superuser_is_audited_and_told(make_user, login):
    root = make_user(Role.ADMIN, username="root", is_staff=True, is_superuser=True)
    other = make_user(Role.ADMIN, username="admin2", is_staff=True)
    coach = make_user(Role.COACH, username="coach")
    login(root).post(f"/admin/core/user/{coach.pk}/change/", _form(coach, roles=[Role.COACH], is_superuser="on"))
    coach.refresh_from_db()
    assert coach.is_superuser
    assert AccessLogEntry.objects.get(action="roles").what == "coach: +superuser"
    assert Notification.objects.get().recipient == other
