"""Issue 19: the "switched off" notice says the truth on every obligation-employment page: absent while the
process is on (every step form once showed it), present on every page when the administrator switches it off."""

import pytest
from django.test import Client as HttpClient

from obligation_employment.models import ObligationSettings
from tests.security.test_matrix_wide import _a_permitted_role, _url
from tests.test_permission_matrix import CASES, build_world

pytestmark = pytest.mark.django_db

NOTICE = "Velvoitetyöllistäminen on poistettu käytöstä"
PAGES = [c for c in CASES if c.url_name.startswith("obligation_employment:") and c.method == "get"
         and not c.url_name.endswith("_pdf")]


def _page(case, world):
    http = HttpClient()
    http.force_login(world.users[_a_permitted_role(case)])
    response = http.get(_url(case, world))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("case", PAGES, ids=lambda c: c.key)
def test_notice_only_when_the_process_is_off(case):
    world = build_world()
    settings = ObligationSettings.load()
    settings.enabled = True
    settings.save()
    assert NOTICE not in _page(case, world)
    settings.enabled = False
    settings.save()
    assert NOTICE in _page(case, world)


def test_the_pages_are_found():
    assert len(PAGES) >= 10
