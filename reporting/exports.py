"""The report as PDF (WeasyPrint, charts embedded as PNG at print resolution) and XLSX (openpyxl): the same
rows as the page."""

import base64
import io

from django.utils.translation import gettext as _

from joutsa_tyollisyys.pdf import render_pdf

from . import charts, presentation
from .presentation import COLUMNS


def context(report, *, masked: bool, can_drill: bool = False) -> dict:
    """What the page and the PDF show."""
    return {
        "report": report,
        "masked": masked,
        "sections": presentation.sections(report, masked=masked, can_drill=can_drill),
        "months": presentation.months(report),
        "columns": [str(label) for _key, label in COLUMNS],
        "quarters": presentation.quarters(report),
        "places": presentation.places(report, masked=masked),
        "feedback": presentation.feedback(report, masked=masked),
        "inputs": presentation.inputs(report),
        "masked_text": presentation.rules.MASKED,
    }


PDF_CHARTS = "png"  # drawn by WeasyPrint, a matplotlib SVG costs seconds; a PNG is embedded as is
MIME = {"svg": "image/svg+xml", "png": "image/png"}


def _data_uri(chart: bytes) -> str:
    return f"data:{MIME[PDF_CHARTS]};base64," + base64.b64encode(chart).decode("ascii")


def report_pdf(report, *, masked: bool, request=None) -> bytes:
    data = context(report, masked=masked)
    for section in data["sections"]:
        section.chart = _data_uri(charts.trend_svg(section, data["months"], fmt=PDF_CHARTS))
    quarters = data["quarters"]
    data["quarters_chart"] = _data_uri(charts.quarters_svg(quarters, fmt=PDF_CHARTS)) if quarters else ""
    chart_places = presentation.places_for_chart(report, masked=masked)
    data["places_chart"] = _data_uri(charts.places_svg(chart_places, fmt=PDF_CHARTS)) if chart_places else ""
    return render_pdf("reporting/pdf/report.html", data, request=request)


def report_xlsx(report, *, masked: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = context(report, masked=masked)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Indicators")[:31]
    sheet.append([_("Monthly report %(month)s") % {"month": f"{report.month.month}/{report.month.year}"}])
    sheet.append([_("Version"), report.version, _("Status"), report.get_status_display()])
    sheet.append([])
    sheet.append([_("Goal"), _("Indicator"), *data["columns"]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for section in data["sections"]:
        for row in section.rows:
            sheet.append([str(section.title), str(row.label), *[c.raw for c in row.cells]])

    trend = book.create_sheet(_("13 months")[:31])
    trend.append([_("Indicator"), *[f"{m.month}/{m.year}" for m in data["months"]]])
    for section in data["sections"]:
        for row in section.rows:
            trend.append([str(row.label), *row.series])

    quarters = book.create_sheet(_("Payment share by quarter")[:31])
    quarters.append([_("Quarter"), _("Municipal share €"), _("Persons")])
    for q in data["quarters"]:
        persons = presentation.rules.MASKED if masked and presentation.rules.is_small(q["persons"]) else q["persons"]
        quarters.append([q["label"], q["total"], persons])

    places = book.create_sheet(_("Places per unit")[:31])
    places.append([_("Unit"), _("Places"), _("Taken"), _("Free")])
    for p in data["places"]:
        places.append([p["placement"], p["capacity"], p["taken_shown"], p["free_shown"]])

    for ws in book.worksheets:
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
