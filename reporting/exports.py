"""The report as PDF (WeasyPrint, charts embedded as PNG at print resolution) and XLSX (openpyxl): the same
rows as the page."""

import base64
import io

from django.core.cache import cache
from django.utils.translation import get_language
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
CHART_CACHE_SECONDS = 24 * 3600


def chart(report, name: str, *, masked: bool, fmt: str = "svg") -> bytes | None:
    """One chart of a report ("quarters", "places" or a goal's key; None when there is no such chart).

    A report's figures never change once computed (a new computation is a new ``generated_at``), so each chart
    is drawn once per report, view (masked or not), format and language and then served from the cache."""
    key = f"report-chart:{report.pk}:{report.generated_at.timestamp()}:{name}:{fmt}:{masked}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = _draw(report, name, masked=masked, fmt=fmt) or b""
        cache.set(key, cached, CHART_CACHE_SECONDS)
    return cached or None


def _draw(report, name, *, masked, fmt):
    if name == "quarters":
        quarters = presentation.quarters(report)
        return charts.quarters_svg(quarters, fmt=fmt) if quarters else None
    if name == "places":
        places = presentation.places_for_chart(report, masked=masked)
        return charts.places_svg(places, fmt=fmt) if places else None
    section = next((s for s in presentation.sections(report, masked=masked) if s.key == name), None)
    return charts.trend_svg(section, presentation.months(report), fmt=fmt) if section else None


def _data_uri(image: bytes | None) -> str:
    return f"data:{MIME[PDF_CHARTS]};base64," + base64.b64encode(image).decode("ascii") if image else ""


def stored_report_pdf(report, *, masked: bool, request=None) -> bytes:
    """The report's PDF: a final report's is rendered once per view and language and stored (a draft's every
    time, it may still change)."""
    from django.db import IntegrityError, transaction

    from .models import ReportDocument

    if not report.is_final:
        return report_pdf(report, masked=masked, request=request)
    language = get_language()
    stored = ReportDocument.objects.filter(report=report, masked=masked, language=language).values_list(
        "pdf", flat=True).first()
    if stored is not None:
        return bytes(stored)
    pdf = report_pdf(report, masked=masked, request=request)
    try:
        with transaction.atomic():
            ReportDocument.objects.create(report=report, masked=masked, language=language, pdf=pdf)
    except IntegrityError:  # rendered at the same moment by another request: theirs is the same document
        pass
    return pdf


def report_pdf(report, *, masked: bool, request=None) -> bytes:
    data = context(report, masked=masked)
    for section in data["sections"]:
        section.chart = _data_uri(chart(report, section.key, masked=masked, fmt=PDF_CHARTS))
    data["quarters_chart"] = _data_uri(chart(report, "quarters", masked=masked, fmt=PDF_CHARTS))
    data["places_chart"] = _data_uri(chart(report, "places", masked=masked, fmt=PDF_CHARTS))
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
            hidden = presentation.masked_text(row.indicator)
            trend.append([str(row.label), *[hidden if v == presentation.rules.MASKED else v for v in row.series]])

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
