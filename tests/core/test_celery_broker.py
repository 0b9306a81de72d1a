"""With REDIS_URL set (CI), a task goes through the real Redis broker to a worker and back."""

import os

import pytest

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set: no broker to test")


def test_task_round_trip_through_redis():
    from celery.contrib.testing.worker import start_worker

    from joutsa_tyollisyys.celery import app
    from joutsa_tyollisyys.tasks import ping

    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            assert ping.delay().get(timeout=20) == "pong"
    finally:
        app.conf.task_always_eager = True
