"""Coach in charge: enter the month's figures → generate → finalise. Working group: open the report from the
front page → download the PDF (its figures match the page) and the XLSX."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from joutsa_tyollisyys.demo import ensure_demo_users
from reporting import rules
from reporting.models import MonthlyReport
from tests.browser.conftest import assert_accessible, log_in  # noqa: F401
from tests.rehab_work.factories import AgreementFactory, PlacementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _download(page, name):
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return open(info.value.path(), "rb").read()


def test_coach_makes_the_report_and_the_working_group_reads_it(page, live_server, log_in):  # noqa: F811
    users = ensure_demo_users()
    month = rules.previous_month(timezone.localdate())
    place = PlacementFactory(name="TyöVarikko", capacity=16)
    for _ in range(6):
        AgreementFactory(placement=place, start_date=month + timedelta(days=2), end_date=month + timedelta(days=120),
                         drafted_by=users["valmentaja"])

    log_in(page, "valmentaja")
    page.get_by_role("link", name="Raportit").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Kirjaa kuukauden luvut (työttömyysprosentti ja talous)").click()
    page.get_by_label("Työttömyysprosentti").fill("10.4")
    page.get_by_label("TyöVarikko: tulot €").fill("4200")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_text("Kuukauden luvut tallennettiin.").wait_for()

    page.get_by_label("Raportin kuukausi").fill(f"{month:%Y-%m}")
    page.get_by_role("button", name="Laadi raportti").click()
    page.get_by_text("Raportti laadittiin luonnoksena.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Vahvista raportti").click()
    page.get_by_role("dialog").get_by_text("Vahvistetaanko raportti lopulliseksi?").wait_for()  # asked first
    with page.expect_navigation(timeout=120_000):  # finalising draws the PDFs (eagerly here): slow on a busy machine
        page.get_by_role("dialog").get_by_role("button", name="Kyllä, vahvista raportti").click(no_wait_after=True)
    page.get_by_text("Raportti on vahvistettu.").wait_for()
    assert page.locator("#report-status").inner_text() == "Lopullinen"
    report = MonthlyReport.objects.get()
    assert report.is_final and report.figures["indicators"]["rehab_clients"]["value"] == 6

    page.context.clear_cookies()
    log_in(page, "tyoryhma")
    assert page.get_by_role("link", name=f"Seurantaraportti {month.month}/{month.year} on valmis.").count() == 1
    page.get_by_role("link", name=f"Seurantaraportti {month.month}/{month.year}", exact=True).click()
    page.get_by_role("heading", name=f"Seurantaraportti {month.month}/{month.year}").wait_for()
    assert_accessible(page)
    cells = page.locator('tr[data-indicator="rehab_clients"] td').all_inner_texts()
    rate = page.locator('tr[data-indicator="unemployment_rate"] td').first.inner_text()
    assert cells[0] == "6" and rate == "10,4\xa0%"
    assert page.locator('tr[data-indicator="feedback_answers"] td').first.inner_text() == "< 5"  # masked
    assert page.get_by_role("link", name=re.compile("näytä asiakkaat")).count() == 0

    pdf = PdfReader(io.BytesIO(_download(page, "Lataa PDF")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Sisällys" in text and f"sivu 1/{len(pdf.pages)}" in text
    assert f"Asiakkaita kuntouttavassa työtoiminnassa {' '.join(cells)}" in text
    assert "Työttömyysprosentti 10,4 %" in text

    book = load_workbook(io.BytesIO(_download(page, re.compile("Excel"))))
    rows = {r[1]: r for r in book.worksheets[0].iter_rows(values_only=True) if r and len(r) > 2}
    assert rows["Asiakkaita kuntouttavassa työtoiminnassa"][2] == 6
    assert rows["Asiakaspalautteita"][2] == "< 5"
