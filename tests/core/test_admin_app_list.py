"""Issue 24: the administration's list of apps and models is built once per set of permissions and roles, not twice a
request; a user whose role changes sees their new list at once."""

from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite as DjangoAdminSite
from django.contrib.auth.models import Group

from joutsa_tyollisyys.roles import Role

pytestmark = pytest.mark.django_db


def test_the_admin_index_builds_its_app_list_once_for_a_role(make_user, login):
    first = make_user(Role.ADMIN, username="admin", is_staff=True)
    second = make_user(Role.ADMIN, username="admin2", is_staff=True)
    with mock.patch.object(DjangoAdminSite, "get_app_list", autospec=True,
                           side_effect=DjangoAdminSite.get_app_list) as build:
        page = login(first).get("/admin/").content.decode()
        assert build.call_count == 1  # the page and its navigation: once (twice before)
        assert login(second).get("/admin/").content.decode().count("/admin/core/user/") == page.count(
            "/admin/core/user/")
        assert build.call_count == 1  # the same role: from the cache


def test_a_changed_role_shows_its_own_app_list_at_once(make_user, login):
    user = make_user(Role.ADMIN, username="admin", is_staff=True)
    http = login(user)
    assert "/admin/core/user/" in http.get("/admin/").content.decode()
    user.groups.set([Group.objects.get(name=str(Role.WORKING_GROUP))])
    assert "/admin/core/user/" not in http.get("/admin/").content.decode()


def test_the_site_is_ours():
    from joutsa_tyollisyys.admin_site import AdminSite

    assert isinstance(admin.site._wrapped if hasattr(admin.site, "_wrapped") else admin.site, AdminSite)
