"""The parts of the city-scale build (``seed_demo --scale large``) that only run on PostgreSQL: statistics of the
tables written, and the monthly reports computed two at a time, each thread in its own transaction."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from clients.models import Client
from tests.factories import ClientFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL statistics and threads of its own"),
]


def _modified_since_analyze(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_analyze_changed_tables_gathers_the_statistics_of_the_tables_written():
    from joutsa_tyollisyys.management.commands.seed_demo import analyze_changed_tables

    analyze_changed_tables()
    assert _modified_since_analyze(Client._meta.db_table) == 0
    ClientFactory.create_batch(3)
    assert _modified_since_analyze(Client._meta.db_table) >= 3
    analyze_changed_tables()
    assert _modified_since_analyze(Client._meta.db_table) == 0


def test_reports_in_parallel_computes_and_finalises_each_month_and_notifies_the_group_once():
    from joutsa_tyollisyys.demo import ensure_demo_users
    from joutsa_tyollisyys.models import Notification
    from reporting import services
    from reporting.demo import _reports_in_parallel
    from reporting.models import MonthlyReport

    users = ensure_demo_users()
    coach = users["valmentaja"]
    ClientFactory.create_batch(4, responsible_worker=coach)
    months = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    for month in months:
        services.inputs_save(actor=coach, month=month, data={
            "unemployment_rate": Decimal("9.5"), "tyovarikko_income": Decimal("100.00"),
            "tyovarikko_expenses": Decimal("200.00"), "workshop_income": Decimal("50.00"),
            "workshop_expenses": Decimal("80.00")})

    _reports_in_parallel(coach, months, months[-1], 2)

    reports = MonthlyReport.objects.order_by("month")
    assert [(r.month, r.status, r.version) for r in reports] == [(m, "final", 1) for m in months]
    assert all(r.figures for r in reports)
    notified = Notification.objects.filter(recipient=users["tyoryhma"])
    assert [n.url for n in notified] == [reports.last().get_absolute_url()]  # the latest month only
