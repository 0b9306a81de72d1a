"""Benchmark cases of the monthly report: computing every indicator at full size, the page and the PDF."""


def _drawn(report, *, charts: bool):
    """The report's PDF drawn as a first print does: ``charts`` drawn too (nothing kept: a report printed before
    any chart was drawn), or the charts kept (``ReportChart``: drawn ahead by the worker after the computation)."""
    from django.core.cache import cache

    from reporting import exports
    from reporting.models import ReportChart

    def run():
        cache.clear()
        if charts:
            ReportChart.objects.filter(report=report).delete()
        elif not ReportChart.objects.filter(report=report, fmt=exports.PDF_CHARTS).exists():
            exports.draw_charts_ahead(report)  # in the warm-up: what the worker has done
            cache.clear()
        exports.report_pdf(report, masked=True)

    return run


def _a_chart(group, report):
    import re

    page = group.get(f"/reports/{report.pk}/").content.decode()
    found = re.findall(r'/reports/\d+/charts/([\w-]+)\.svg', page)
    if not found:
        raise RuntimeError("the report page shows no chart")
    return found[0]


def cases(http_for, check, raw, admin_changelist, Case, vacuum):
    from reporting import rules, selectors
    from reporting.indicators import compute_figures

    group = http_for("tyoryhma")
    report = selectors.latest_final()
    if report is None:
        return []
    month = report.month
    chart = f"/reports/{report.pk}/charts/{_a_chart(group, report)}.svg"
    return [
        Case("monthly report computation (all indicators)", lambda: compute_figures(month), 3000, repeat=5),
        Case("monthly report page (working group)", lambda: check(group.get(f"/reports/{report.pk}/")), 300,
             http=("tyoryhma", f"/reports/{report.pk}/", {})),
        Case("monthly report chart (working group)", lambda: check(group.get(chart)), 150, cold=True,
             http=("tyoryhma", chart, {})),
        Case("monthly report PDF with charts: drawn (charts too, nothing kept)", _drawn(report, charts=True), 3000,
             repeat=5),
        Case("monthly report PDF: drawn, its charts kept (drawn ahead)", _drawn(report, charts=False), 1500,
             repeat=5),
        Case("monthly report PDF: printed again (stored)",
             lambda: check(group.get(f"/reports/{report.pk}/pdf/")), 3000,
             http=("tyoryhma", f"/reports/{report.pk}/pdf/", {})),
        Case("previous month computation", lambda: compute_figures(rules.add_months(month, -1)), 3000, repeat=3),
    ]
