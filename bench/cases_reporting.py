"""Benchmark cases of the monthly report: computing every indicator at full size, the page and the PDF."""


def _drawn(report):
    from django.core.cache import cache

    from reporting import exports

    cache.clear()  # the charts are cached per report: draw them as the first print does
    exports.report_pdf(report, masked=True)


def cases(http_for, check, raw, admin_changelist, Case):
    from reporting import rules, selectors
    from reporting.indicators import compute_figures

    group = http_for("tyoryhma")
    report = selectors.latest_final()
    if report is None:
        return []
    month = report.month
    return [
        Case("monthly report computation (all indicators)", lambda: compute_figures(month), 3000, repeat=5),
        Case("monthly report page (working group)", lambda: check(group.get(f"/reports/{report.pk}/")), 300),
        Case("monthly report PDF with charts: drawn (charts too, nothing cached)", lambda: _drawn(report), 3000,
             repeat=5),
        Case("monthly report PDF: printed again (stored)",
             lambda: check(group.get(f"/reports/{report.pk}/pdf/")), 3000),
        Case("previous month computation", lambda: compute_figures(rules.add_months(month, -1)), 3000, repeat=3),
    ]
