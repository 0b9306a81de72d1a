"""Issue 23: bad dates never give a 500. Every page of the permission matrix is opened with impossible and
out-of-range dates in its query string, and every date field of every form on those pages is posted with
them: each answers with a page (or a Finnish message), never a server error."""

import pytest
from django import forms
from django.test import Client as HttpClient

from tests.security.test_matrix_wide import _a_permitted_role, _url
from tests.test_permission_matrix import CASES, build_world

pytestmark = pytest.mark.django_db

BAD_DAYS = ["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "2026-13-01", "20260101", "x"]
BAD_MONTHS = ["2026-13", "0000-00", "9999-12", "0001-01", "2026-1-1", "x"]
BAD_MOMENTS = ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T10:00", "2026-06-01T25:00"]
QUERY_VALUES = ["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "2026-13", "9999-12"]
QUERY_NAMES = ("week", "month", "day", "date", "start", "end")
GET_CASES = [c for c in CASES if c.method == "get"]


def _login(case, world):
    role = _a_permitted_role(case)
    if role is None:
        pytest.skip("no role may open this page")
    http = HttpClient(raise_request_exception=False)
    http.force_login(world.users[role])
    return http


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.key)
def test_query_string_dates(case):
    world = build_world()
    http = _login(case, world)
    url = _url(case, world)
    joiner = "&" if "?" in url else "?"
    for value in QUERY_VALUES:
        query = "&".join(f"{name}={value}" for name in QUERY_NAMES)
        response = http.get(f"{url}{joiner}{query}")
        assert response.status_code < 500, (url, value, response.status_code)


def _forms_of(response):
    seen = []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for context in contexts:
        dicts = getattr(context, "dicts", [context])
        for value in (v for d in dicts if isinstance(d, dict) for v in d.values()):
            if isinstance(value, forms.BaseForm) and not any(value is f for f in seen):
                seen.append(value)
    return seen


def _bad_values(field):
    if isinstance(field, forms.DateTimeField):
        return BAD_MOMENTS
    if isinstance(field, forms.DateField):
        return BAD_DAYS
    if getattr(field.widget, "input_type", "") == "month":
        return BAD_MONTHS
    return []


def _posted(form):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.key)
def test_date_fields_of_every_form(case):
    world = build_world()
    http = _login(case, world)
    url = _url(case, world)
    response = http.get(url)
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        pytest.skip("not a page")
    date_fields = [(form, name, field) for form in _forms_of(response) for name, field in form.fields.items()
                   if _bad_values(field)]
    if not date_fields:
        pytest.skip("no date field")
    for form, name, field in date_fields:
        base = _posted(form)
        for value in _bad_values(field):
            data = {**base, form.add_prefix(name): value}
            if isinstance(field, forms.SplitDateTimeField):
                data = {**base, f"{form.add_prefix(name)}_0": value, f"{form.add_prefix(name)}_1": "10:00"}
            response = http.post(url, data)
            assert response.status_code < 500, (url, name, value, response.status_code)
