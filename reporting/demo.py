"""Demo data: the entered figures and a final monthly report for each of the past months (13 in the demo, 24 on
a large data set), computed from the other apps' demo data (runs last: reporting is the last of our apps)."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.db import connections, transaction

from . import rules, services

#: Joutsa-like seasonal unemployment rate % (January … December).
SEASON = [11.8, 11.6, 11.0, 10.2, 9.6, 10.4, 11.2, 9.9, 9.4, 9.5, 10.1, 11.3]


def _money(ctx, low, high) -> Decimal:
    return Decimal(ctx.rng.randrange(low * 100, high * 100)) / 100


def seed(ctx):
    coach = ctx.users["valmentaja"]
    last = rules.previous_month(ctx.today)
    months = rules.trend_months(last, ctx.scale.reports)
    for month in months:
        services.inputs_save(
            actor=coach,
            month=month,
            data={
                "unemployment_rate": Decimal(str(SEASON[month.month - 1])) + Decimal(ctx.rng.randint(-3, 3)) / 10,
                "tyovarikko_income": _money(ctx, 2500, 6500),
                "tyovarikko_expenses": _money(ctx, 14000, 21000),
                "workshop_income": _money(ctx, 800, 2600),
                "workshop_expenses": _money(ctx, 8500, 12500),
            },
        )
    if ctx.workers > 1:
        # A city's reports are independent of each other and mostly the database's work: two at a time (one
        # per core), each in its own transaction once the month's figures above are committed (it reads them).
        transaction.on_commit(lambda: _reports_in_parallel(coach, months, last, ctx.workers))
    else:
        for month in months:
            _report(coach, month, last)


def _report(coach, month, last):
    report = services.report_generate(actor=coach, month=month)
    services.report_finalise(actor=coach, report_id=report.pk, notify_group=month == last)
    if month == last:  # as a worker does after the finalisation: the charts the group opens first, kept
        from .exports import draw_charts_ahead
        from .models import MonthlyReport

        draw_charts_ahead(MonthlyReport.objects.get(pk=report.pk), formats=("svg",))


def _reports_in_parallel(coach, months, last, workers):
    def in_thread(month):
        try:
            _report(coach, month, last)
        finally:
            connections.close_all()  # the thread's own connection

    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(in_thread, month) for month in months]:
            future.result()  # a failure stops the build with its error
