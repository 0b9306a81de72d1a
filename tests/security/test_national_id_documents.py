"""Full national ids to the office clerk only on the documents the law needs them on (issue 23, item 6)."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from clients.permissions import LEGAL_NATIONAL_ID_DOCUMENTS, document_national_id
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory, AttendanceFactory

pytestmark = pytest.mark.django_db


def _statement(coach):
    person = ClientFactory(responsible_worker=coach, last_name="Sukunimelä")
    agreement = AgreementFactory(client=person, start_date=date(2025, 3, 3), end_date=date(2025, 8, 31))
    AttendanceFactory(agreement=agreement, day=date(2025, 3, 3))
    return person, f"/rehab/agreements/{agreement.pk}/attendance/2025/3"


def _cells(response):
    return [cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
            for cell in row]


def test_the_clerks_attendance_statement_masks_the_national_id(coach, make_user, login):
    person, url = _statement(coach)
    http = login(make_user(Role.OFFICE_CLERK))
    pdf = http.get(f"{url}.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert person.masked_national_id in text and person.national_id not in text
    assert person.masked_national_id in _cells(http.get(f"{url}.xlsx"))
    assert person.national_id not in _cells(http.get(f"{url}.xlsx"))
    assert AccessLogEntry.objects.filter(client_id=person.pk).count() == 3  # every download, per person


def test_the_clients_coach_prints_the_statement_with_the_full_national_id(coach, login):
    person, url = _statement(coach)
    assert person.national_id in _cells(login(coach).get(f"{url}.xlsx"))


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_no_surname_in_a_downloaded_file_name(coach, login, fmt):
    person, url = _statement(coach)
    response = login(coach).get(f"{url}.{fmt}")
    assert response.status_code == 200 and "Sukunimel" not in response["Content-Disposition"].lower().title()
    assert "sukunimel" not in response["Content-Disposition"].lower()


def test_the_law_lists_the_documents_with_full_national_ids(coach, make_user):
    person = ClientFactory(responsible_worker=coach)
    clerk = make_user(Role.OFFICE_CLERK)
    assert LEGAL_NATIONAL_ID_DOCUMENTS == {"keha_claim", "wage_subsidy_claim", "employment_contract"}
    for document in LEGAL_NATIONAL_ID_DOCUMENTS:
        assert document_national_id(clerk, person, document) == person.national_id
    assert document_national_id(clerk, person, "attendance_statement") == person.masked_national_id
    assert document_national_id(coach, person, "attendance_statement") == person.national_id
