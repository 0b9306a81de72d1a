"""With REDIS_URL set (CI), the report task goes through the real broker to a worker (see tests/core)."""

import os

import pytest

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set: no broker to test"),
# The workers of the tests on the real broker share its queue (REDIS_URL), each xdist process has a database of
# its own: run at once, one test's worker took another's task and ran it on the wrong database (User.DoesNotExist).
# So they take turns: one lock across the xdist processes (pytest-xdist 3.8's xdist_group has no effect
# under pytest 9: the tests were seen running at once in two processes).
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_broker_turn"),
]


def test_report_task_runs_in_a_real_worker(coach):
    from celery.contrib.testing.worker import start_worker

    from joutsa_tyollisyys.celery import app
    from reporting.models import MonthlyReport
    from reporting.tasks import generate_monthly_report

    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            first = generate_monthly_report.delay("2024-03-01", coach.pk).get(timeout=60)
            second = generate_monthly_report.delay("2024-03-01", coach.pk).get(timeout=60)
    finally:
        app.conf.task_always_eager = True
    assert first == second
    assert MonthlyReport.objects.filter(month="2024-03-01").count() == 1
