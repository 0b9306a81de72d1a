"""Issue 19: the monthly report says only true things to the working group.

- a month whose Kela list is not imported is "not available yet" with a note naming the list, never 0,00 €, and
  is left out of the chart; the same for the figures entered by hand;
- "< 5" is for counts of people only; a percentage computed from a masked count is hidden, not "0,0 %";
- a quarter with fewer than three lists is marked partial.
"""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from joutsa_tyollisyys.roles import Role
from reporting import charts, presentation, rules
from reporting.indicators import compute_figures
from reporting.models import MonthlyReport
from tests.payment_share.factories import EntryFactory, ShareListFactory
from tests.reporting.factories import ReportFactory

pytestmark = pytest.mark.django_db
NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def wg(make_user):
    return make_user(Role.WORKING_GROUP, username="wg")


@pytest.fixture
def report_without_novembers_list():
    """October's list is imported (8 persons, 2 contacted), November's is not."""
    october = ShareListFactory(month=date(2026, 10, 1))
    for index in range(8):
        EntryFactory(share_list=october, contacted_on=date(2026, 10, 5) if index < 2 else None)
    report = ReportFactory(month=NOVEMBER, figures=compute_figures(NOVEMBER))
    report.refresh_from_db()  # as stored (JSON)
    return report


def _row(html, key):
    start = html.index(f'data-indicator="{key}"')
    return html[start:html.index("</tr>", start)]


def test_a_month_without_its_list_is_not_available_not_zero(login, wg, report_without_novembers_list):
    report = report_without_novembers_list
    html = login(wg).get(reverse("reporting:detail", args=[report.pk])).content.decode()
    row = _row(html, "share_euros")
    assert "ei vielä saatavilla" in row and "0,00" not in row.split("</th>")[1].split("</td>")[0]
    assert "Kunnan maksuosuus: Ei vielä saatavilla: Kelan listaa 11/2026, 11/2025 ei ole tuotu." in html
    assert "ei vielä saatavilla" in _row(html, "share_persons")
    # Figures entered by hand for the month: not entered, so not available either.
    assert "Ei vielä saatavilla: kuukauden 11/2026, 10/2026, 11/2025 lukuja ei ole syötetty." in html


def test_the_chart_leaves_the_missing_month_out(report_without_novembers_list):
    sections = presentation.sections(report_without_novembers_list, masked=False)
    row = next(r for s in sections for r in s.rows if r.key == "share_euros")
    assert row.series[-1] is None and row.series[-2] is not None  # November a gap, October a point
    assert row.series_text[-1] == "ei vielä"
    assert charts.trend_svg(sections[0], presentation.months(report_without_novembers_list))


def test_pdf_and_xlsx_say_the_same(login, wg, report_without_novembers_list):
    report = report_without_novembers_list
    http = login(wg)
    pdf = http.get(reverse("reporting:pdf", args=[report.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Kelan listaa 11/2026, 11/2025 ei ole tuotu" in text
    book = load_workbook(io.BytesIO(http.get(reverse("reporting:xlsx", args=[report.pk])).content))
    rows = {r[1]: r for r in book.worksheets[0].iter_rows(values_only=True) if r and len(r) > 2}
    assert rows["Kunnan maksuosuus"][2] == "ei vielä saatavilla"


def _masked_row(stored, key):
    report = MonthlyReport(month=NOVEMBER, figures={"months": [m.isoformat() for m in rules.trend_months(NOVEMBER)],
                                                    "indicators": stored})
    return next(r for s in presentation.sections(report, masked=True) for r in s.rows if r.key == key)


def _figure(value, series_value=None):
    return {"value": value, "previous": value, "year_ago": value, "ytd": value,
            "series": [series_value if series_value is not None else value] * 13, "ids": None}


def test_a_percentage_of_a_masked_count_is_hidden_not_less_than_five():
    stored = {"share_persons": _figure(200), "share_contacted": _figure(3), "share_contacted_percent": _figure("1.5")}
    assert _masked_row(stored, "share_contacted").cells[0].text == "< 5"
    percent = _masked_row(stored, "share_contacted_percent")
    assert percent.cells[0].text == "piilotettu" and "< 5" not in [c.text for c in percent.cells]
    assert percent.series[0] == "piilotettu"


def test_percentages_of_counts_of_five_or_more_are_shown():
    stored = {"share_persons": _figure(200), "share_contacted": _figure(5), "share_contacted_percent": _figure("2.5")}
    assert _masked_row(stored, "share_contacted_percent").cells[0].text == "2,5\xa0%"


def test_euros_are_never_masked():
    stored = {"share_euros": _figure("3.00")}
    assert _masked_row(stored, "share_euros").cells[0].text == "3,00\xa0€"


def test_a_quarter_with_fewer_than_three_lists_is_partial(login, wg):
    for month in (date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)):
        EntryFactory(share_list=ShareListFactory(month=month))
    report = ReportFactory(month=NOVEMBER, figures=compute_figures(NOVEMBER))
    report.refresh_from_db()
    quarters = presentation.quarters(report)
    assert [(q["label"], q["partial"]) for q in quarters] == [("3/2026", False), ("4/2026", True)]
    html = login(wg).get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert "1/3 (osittainen)" in html and "3/3" in html
    svg = charts.quarters_svg(quarters).decode()
    assert "Osittainen neljännes" in svg


def test_an_old_snapshot_without_the_new_keys_still_renders(login, wg):
    report = ReportFactory(month=date(2024, 3, 1), figures={
        "months": [m.isoformat() for m in rules.trend_months(date(2024, 3, 1))],
        "indicators": {"share_euros": _figure("10.00")},
        "quarters": [{"label": "1/2024", "total": "10.00", "persons": 1, "months": 3}],
    })
    assert login(wg).get(reverse("reporting:detail", args=[report.pk])).status_code == 200
