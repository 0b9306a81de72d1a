"""The report as PDF (WeasyPrint, charts embedded as PNG at print resolution) and XLSX (openpyxl): the same
rows as the page."""

import base64

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from joutsa_tyollisyys import spreadsheets as xl
from joutsa_tyollisyys.pdf import render_pdf

from . import charts, presentation
from .indicators import EUR
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


def chart(report, name: str, *, masked: bool, fmt: str = "svg", store: bool = False) -> bytes | None:
    """One chart of a report ("quarters", "places" or a goal's key; None when there is no such chart).

    A report's figures never change once computed (a new computation is a new ``generated_at``), so each chart
    is drawn once per computation, view (masked or not), format and language: kept in the database when drawn
    ahead by the worker (``draw_charts_ahead``, ``store``: every web process reads the same drawing, after a
    restart too), else drawn on the first view and kept in the process's cache. A web request never writes it
    (the test server's threads share one SQLite connection)."""
    from .models import ReportChart

    language = get_language()
    key = f"report-chart:{report.pk}:{report.generated_at.timestamp()}:{name}:{fmt}:{masked}:{language}"
    cached = None if store else cache.get(key)
    if cached is None:
        where = {"report": report, "generated_at": report.generated_at, "name": name, "fmt": fmt, "masked": masked,
                 "language": language}
        stored = ReportChart.objects.filter(**where).values_list("image", flat=True).first()
        if stored is not None:
            cached = bytes(stored)
        else:
            cached = (cache.get(key) if store else None) or _draw(report, name, masked=masked, fmt=fmt) or b""
            if store:
                ReportChart.objects.bulk_create([ReportChart(**where, image=cached)], ignore_conflicts=True)
        cache.set(key, cached, CHART_CACHE_SECONDS)
    return cached or None


def chart_names(report, *, masked: bool) -> list[str]:
    """Every chart the report's page shows."""
    return [*(section.key for section in presentation.sections(report, masked=masked)), "quarters", "places"]


def draw_charts_ahead(report, formats=("svg", PDF_CHARTS)) -> int:
    """Draw and keep every chart of the report, for the page (SVG) and the PDF (PNG), in both views in the default
    language (a worker after a computation or the finalisation; the demo data for its latest report): the page's
    first reader does not wait for matplotlib (other languages are drawn on their first view, per process).
    Returns the charts."""
    from django.conf import settings
    from django.utils import translation

    drawn = 0
    with translation.override(settings.LANGUAGE_CODE):
        for masked in (True, False):
            for name in chart_names(report, masked=masked):
                for fmt in formats:
                    chart(report, name, masked=masked, fmt=fmt, store=True)
                    drawn += 1
    return drawn


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


def is_stored(report, *, masked: bool) -> bool:
    """Whether the final report's PDF of this view is stored in the current language."""
    from .models import ReportDocument

    return ReportDocument.objects.filter(report=report, masked=masked, language=get_language()).exists()


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
    """The report's tables as a workbook: euros as numbers in euros, what is hidden or not available as its
    words (the same as on the page)."""
    data = context(report, masked=masked)
    book = xl.new_workbook(_("Indicators"))
    sheet = book.active
    xl.append_row(sheet, [_("Monthly report %(month)s") % {"month": f"{report.month.month}/{report.month.year}"}],
                  bold=True)
    xl.append_row(sheet, [_("Version"), report.version, _("Status"), report.get_status_display()])
    xl.append_row(sheet, [])
    xl.append_row(sheet, [_("Goal"), _("Indicator"), *data["columns"]], bold=True)
    for section in data["sections"]:
        for row in section.rows:
            kind = xl.EURO if row.indicator.unit == EUR else xl.NUMBER
            xl.append_row(sheet, [str(section.title), str(row.label), *[c.raw for c in row.cells]],
                          (xl.TEXT, xl.TEXT, *[kind] * len(row.cells)))
    notes = [f"{row.label}: {note}" for section in data["sections"] for row in section.rows for note in row.notes]
    if notes:
        xl.append_row(sheet, [])
        for note in notes:
            xl.append_row(sheet, [note])

    trend = xl.add_sheet(book, _("13 months"))
    xl.append_row(trend, [_("Indicator"), *[f"{m.month}/{m.year}" for m in data["months"]]], bold=True)
    for section in data["sections"]:
        for row in section.rows:
            kind = xl.EURO if row.indicator.unit == EUR else xl.NUMBER
            values = [str(presentation.NOT_YET) if i in row.missing else v for i, v in enumerate(row.series)]
            xl.append_row(trend, [str(row.label), *values], (xl.TEXT, *[kind] * len(values)))

    quarters = xl.add_sheet(book, _("Payment share by quarter"))
    xl.append_row(quarters, [_("Quarter"), _("Municipal share €"), _("Persons"), _("Months imported")], bold=True)
    for q in data["quarters"]:
        persons = presentation.rules.MASKED if masked and presentation.rules.is_small(q["persons"]) else q["persons"]
        months = f"{q['months']}/3" + (f" ({_('partial')})" if q["partial"] else "")
        xl.append_row(quarters, [q["label"], q["total"], persons, months], (xl.TEXT, xl.EURO, xl.NUMBER))

    places = xl.add_sheet(book, _("Places per unit"))
    xl.append_row(places, [_("Unit"), _("Places"), _("Taken"), _("Free")], bold=True)
    for p in data["places"]:
        xl.append_row(places, [p["placement"], p["capacity"], p["taken_shown"], p["free_shown"]],
                      (xl.TEXT, xl.NUMBER, xl.NUMBER, xl.NUMBER))

    for ws in book.worksheets:
        xl.fit_columns(ws)
    return xl.workbook_bytes(book)
