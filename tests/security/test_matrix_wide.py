"""Promises checked over every URL of the permission matrix (so every app is covered as it lands)."""

import io
import re

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client as HttpClient
from django.urls import reverse

from tests.matrix import ANONYMOUS
from tests.test_permission_matrix import CASES, build_world

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script>\'"&'
OUR_APPS = {
    "core",
    "clients",
    "activation",
    "rehab_work",
    "obligation_employment",
    "payment_share",
    "health_cooperation",
    "workshop",
    "reporting",
    "messaging",
    "outreach",
}
#: POSTs that are not forms of a signed-in user: no CSRF token, a check of their own instead.
CSRF_EXEMPT = {
    "messaging:delivery_status": "the gateway's delivery reports carry a shared-secret token (tests/messaging)",
}
GET_CASES = [c for c in CASES if c.method == "get"]
POST_CASES = [c for c in CASES if c.method == "post" and c.url_name not in CSRF_EXEMPT]


def _url(case, world):
    kwargs = case.kwargs(world) if callable(case.kwargs) else (case.kwargs or {})
    return reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")


def _a_permitted_role(case):
    preferred = ["coach", "social_counsellor", "office_clerk", "admin", "working_group", "youth_worker", "other_coach",
                 "data_protection_officer"]
    return next((r for r in preferred if r in case.allowed), None)


def _poison_free_text():
    """Write the payload into every free-text field of every row of our apps."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy or not model._meta.managed:
            continue
        if model.__name__.startswith("Historical") or model._meta.model_name == "accesslogentry":
            continue
        unique_together = {name for group in model._meta.unique_together for name in group}
        unique_together |= {name for c in model._meta.constraints for name in getattr(c, "fields", ())}
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and f.name not in unique_together
            and f.name
            not in (
                "national_id",
                "national_id_hash",
                "username",
                "password",
                "calendar_token",
                "email",
                "phone",
                "postal_code",
                "language",
                "url",
                "token",
                "key",
            )
            and "hash" not in f.name
            and "token" not in f.name
            and "email" not in f.name
            and (f.max_length is None or f.max_length >= len(PAYLOAD))
        ]
        if fields:
            model._default_manager.all().update(**{name: PAYLOAD for name in fields})


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.key)
def test_free_text_is_escaped_in_every_page_and_document(case):
    world = build_world()
    _poison_free_text()
    role = _a_permitted_role(case)
    if role is None:
        pytest.skip("no role may open this page")
    http = HttpClient()
    if role != ANONYMOUS:
        http.force_login(world.users[role])
    response = http.get(_url(case, world))
    assert response.status_code in case.ok, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        assert b"<script>alert" not in body
        inline = re.findall(rb"<script(?![^>]*\bsrc=)[^>]*>", body)
        assert not inline, f"inline <script> in {case.url_name}: {inline[:2]}"
    elif content_type == "application/pdf":
        from pypdf import PdfReader

        PdfReader(io.BytesIO(body))  # renders and parses: the payload is text, not markup


@pytest.mark.parametrize("case", POST_CASES, ids=lambda c: c.key)
def test_every_form_post_needs_the_csrf_token(case):
    world = build_world()
    role = _a_permitted_role(case)
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(world.users[role])
    data = case.data(world) if callable(case.data) else (case.data or {})
    response = http.post(_url(case, world), data)
    assert response.status_code == 403


def test_database_holds_no_plain_national_id():
    world = build_world()
    plain = world.objects["client"].national_id
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                assert plain not in " ".join(str(v) for v in row), f"plain national id in table {table}"


def test_csp_forbids_inline_scripts(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy
