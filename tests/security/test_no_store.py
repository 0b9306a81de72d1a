"""Every page, PDF and export of ours answers ``Cache-Control: no-store`` (a shared office computer's
browser cache must not keep personal data); only the aggregate charts may be kept privately a while."""

import pytest
from django.test import Client as HttpClient

from tests.matrix import ANONYMOUS
from tests.security.test_matrix_wide import _a_permitted_role, _url
from tests.test_permission_matrix import CASES, build_world

pytestmark = pytest.mark.django_db

#: Aggregates only (no person in them): a private cache of a few minutes is allowed.
AGGREGATE_IMAGES = {"reporting:chart", "payment_share:trend_chart"}


@pytest.mark.parametrize("case", [c for c in CASES if c.url_name not in AGGREGATE_IMAGES], ids=lambda c: c.key)
def test_every_page_and_document_is_no_store(case):
    world = build_world()
    role = _a_permitted_role(case)
    if role is None:
        pytest.skip("no role may open this page")
    http = HttpClient()
    if role != ANONYMOUS:
        http.force_login(world.users[role])
    data = case.data(world) if callable(case.data) else (case.data or {})
    response = getattr(http, case.method)(_url(case, world), data)
    assert response.status_code in case.ok, response.status_code
    assert "no-store" in response.get("Cache-Control", ""), (case.url_name, response.get("Cache-Control"))


@pytest.mark.parametrize("url_name", sorted(AGGREGATE_IMAGES))
def test_only_aggregate_charts_may_be_cached(url_name):
    case = next(c for c in CASES if c.url_name == url_name)
    world = build_world()
    http = HttpClient()
    http.force_login(world.users[_a_permitted_role(case)])
    response = http.get(_url(case, world))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_login_page_and_errors_are_no_store(client):
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]
    assert "no-store" in client.get("/no-such-page/")["Cache-Control"]
