"""Administrator: on their own user the roles and team are read-only with a sentence saying why; giving a colleague
a role that sees personal data shows on the other administrator's front page."""

import os

import pytest
from django.contrib.auth.models import Group

from joutsa_tyollisyys.demo import ensure_demo_users
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.browser.conftest import log_in  # noqa: F401, F811
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SHOTS:
        page.set_viewport_size({"width": 1366, "height": 768})
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=False)


def test_admin_cannot_change_own_roles_and_a_granted_role_is_told_to_the_others(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    admin = users["paakayttaja"]
    other = UserFactory(username="paakayttaja2", role=Role.ADMIN, is_staff=True, password="Joutsa-demo-2026")
    log_in(page, "paakayttaja")

    page.goto(f"{live_server.url}/admin/core/user/{admin.pk}/change/")
    page.get_by_text("Et voi muuttaa omia roolejasi tai tiimiäsi: pyydä sitä toiselta pääkäyttäjältä.").wait_for()
    assert page.locator("select[name=groups], input[name=groups]").count() == 0
    assert page.locator("select[name=team]").count() == 0
    _shot(page, "admin-own-user-fi")
    page.context.add_cookies([{"name": "django_language", "value": "sv", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/core/user/{admin.pk}/change/")
    page.get_by_text("Du kan inte ändra dina egna roller eller ditt team: be en annan huvudanvändare om det.").wait_for(
    )
    _shot(page, "admin-own-user-sv")
    page.context.add_cookies([{"name": "django_language", "value": "fi", "url": live_server.url}])

    clerk = users["toimisto"]
    page.goto(f"{live_server.url}/admin/core/user/{clerk.pk}/change/")
    coach_group = Group.objects.get(name=str(Role.COACH))
    page.locator(f"#id_groups_from option[value='{coach_group.pk}']").dblclick()  # the admin's two-list widget
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{live_server.url}/admin/core/user/")
    assert AccessLogEntry.objects.filter(action="roles", what__startswith="toimisto: +coach").exists()

    page.context.clear_cookies()
    log_in(page, other.username)
    page.get_by_text("paakayttaja antoi käyttäjälle toimisto roolin").wait_for()
    _shot(page, "other-admin-front-page-fi")
