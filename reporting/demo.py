"""Demo data: the entered figures and a final monthly report for each of the past months (13 in the demo, 24 on
a large data set), computed from the other apps' demo data (runs last: reporting is the last of our apps)."""

from decimal import Decimal

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
    for month in months:
        report = services.report_generate(actor=coach, month=month)
        services.report_finalise(actor=coach, report_id=report.pk, notify_group=month == last)
