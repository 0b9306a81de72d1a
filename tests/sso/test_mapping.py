"""The group mapping of single sign-on (``sso.sso_roles_apply``): mapped, unmapped and removed groups, the team,
the staff status, and the audit in the access log."""

import pytest
from django.contrib.auth.models import Group

from joutsa_tyollisyys.models import AccessLogEntry, Notification, SsoGroupRole
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.sso import groups_of, sso_roles_apply
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _roles(user):
    return set(user.groups.values_list("name", flat=True))


@pytest.fixture
def mapping():
    team = TeamFactory(name="Nuoret")
    SsoGroupRole.objects.create(group="etsivat", role=Role.YOUTH_WORKER, team=team)
    SsoGroupRole.objects.create(group="toimisto", role=Role.OFFICE_CLERK)
    SsoGroupRole.objects.create(group="hallinto", role=Role.ADMIN)
    return team


def test_mapped_groups_give_their_roles_and_the_team(mapping):
    user = UserFactory(username="erkki")
    assert sso_roles_apply(user=user, groups=["etsivat", "toimisto", "muut"]) == {"youth_worker", "office_clerk"}
    user.refresh_from_db()
    assert _roles(user) == {"youth_worker", "office_clerk"} and user.team == mapping and not user.is_staff
    assert AccessLogEntry.objects.get(action="roles").what == (
        "erkki: +office_clerk, +youth_worker, team - -> Nuoret (single sign-on groups)")


def test_no_mapped_group_gives_no_role_and_takes_the_old_ones(mapping):
    user = UserFactory(username="ulla", role=Role.COACH)
    user.groups.add(Group.objects.create(name="a group that is not a role"))
    assert sso_roles_apply(user=user, groups=["kirjasto"]) == set()
    assert _roles(user) == {"a group that is not a role"}  # only role groups are the mapping's
    assert AccessLogEntry.objects.get(action="roles").what == "ulla: -coach (single sign-on groups)"


def test_a_removed_group_removes_its_role_and_the_staff_status(mapping):
    user = UserFactory(username="hanna")
    sso_roles_apply(user=user, groups=["hallinto", "toimisto"])
    user.refresh_from_db()
    assert _roles(user) == {"admin", "office_clerk"} and user.is_staff
    sso_roles_apply(user=user, groups=["toimisto"])
    user.refresh_from_db()
    assert _roles(user) == {"office_clerk"} and not user.is_staff
    assert list(AccessLogEntry.objects.filter(action="roles").order_by("id").values_list("what", flat=True)) == [
        "hanna: +admin, +office_clerk (single sign-on groups)", "hanna: -admin (single sign-on groups)"]


def test_the_same_groups_again_change_and_log_nothing(mapping):
    user = UserFactory(username="tero")
    sso_roles_apply(user=user, groups=["toimisto"])
    sso_roles_apply(user=user, groups=["toimisto"])
    assert AccessLogEntry.objects.filter(action="roles").count() == 1


def test_a_role_that_sees_personal_data_is_told_to_the_administrators(mapping):
    admin = UserFactory(username="paa", role=Role.ADMIN)
    user = UserFactory(username="uusi")
    sso_roles_apply(user=user, groups=["toimisto"])
    note = Notification.objects.get(recipient=admin)
    assert "uusi sai kertakirjautumisessa" in note.message and "Toimistovirkailija" in note.message
    assert not Notification.objects.filter(recipient=user).exists()


def test_the_group_claim_may_be_one_string_or_missing(settings):
    settings.OIDC_GROUPS_CLAIM = "roles"
    assert groups_of({"roles": "hallinto"}) == ["hallinto"]
    assert groups_of({"roles": ["b", "a", "a", " "]}) == ["a", "b"]
    assert groups_of({}) == []
