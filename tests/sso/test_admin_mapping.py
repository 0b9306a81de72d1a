"""The administrator edits the group mapping in Administration (Finnish and Swedish), with its history."""

import pytest

from joutsa_tyollisyys.models import SsoGroupRole
from joutsa_tyollisyys.roles import Role
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_the_administrator_maps_a_group_to_a_role_and_a_team_with_history(make_user, login):
    admin = make_user(Role.ADMIN, username="paa", is_staff=True)
    team = TeamFactory(name="TyöVarikko")
    http = login(admin)
    index = http.get("/admin/").content.decode()
    assert "Kertakirjautumisen ryhmät" in index
    page = http.get("/admin/core/ssogrouprole/add/").content.decode()
    assert "Ryhmä tunnistuspalvelussa" in page and "Valmentaja" in page
    response = http.post("/admin/core/ssogrouprole/add/", {"group": "tyollisyys-valmentajat", "role": "coach",
                                                           "team": team.pk})
    assert response.status_code == 302
    mapping = SsoGroupRole.objects.get()
    assert (mapping.group, mapping.role, mapping.team) == ("tyollisyys-valmentajat", "coach", team)
    assert mapping.history.get().history_user == admin
    listing = http.get("/admin/core/ssogrouprole/").content.decode()
    assert "tyollisyys-valmentajat" in listing and "Valmentaja" in listing
    assert http.get(f"/admin/core/ssogrouprole/{mapping.pk}/history/").status_code == 200
    again = http.post("/admin/core/ssogrouprole/add/", {"group": "tyollisyys-valmentajat", "role": "coach"})
    assert again.status_code == 200 and SsoGroupRole.objects.count() == 1  # the same pair once
    assert "Tämä ryhmä antaa jo tämän roolin." in again.content.decode()


def test_the_mapping_in_swedish(make_user, login):
    http = login(make_user(Role.ADMIN, username="paa", is_staff=True))
    http.cookies["django_language"] = "sv"
    page = http.get("/admin/core/ssogrouprole/add/").content.decode()
    assert "Grupper för single sign-on" in page or "Grupp för single sign-on" in page
    assert "Grupp i identifieringstjänsten" in page


def test_other_roles_do_not_see_the_mapping(make_user, login):
    http = login(make_user(Role.COACH, username="val", is_staff=True))
    assert http.get("/admin/core/ssogrouprole/").status_code == 403


def test_the_user_page_tells_whether_the_user_signs_in_through_single_sign_on(make_user, login):
    from joutsa_tyollisyys.models import SsoIdentity

    http = login(make_user(Role.ADMIN, username="paa", is_staff=True))
    local, sso_user = make_user(Role.COACH, username="paikallinen"), make_user(Role.COACH, username="anna")
    SsoIdentity.objects.create(user=sso_user, issuer="https://login.example", subject="0af3-anna")
    assert "Ei ole: kirjautuu salasanalla" in http.get(f"/admin/core/user/{local.pk}/change/").content.decode()
    page = http.get(f"/admin/core/user/{sso_user.pk}/change/").content.decode()
    assert "0af3-anna, viimeksi kirjautunut" in page
