"""With REDIS_URL set (CI), a task goes through the real Redis broker to a worker and back."""

import os

import pytest

# The workers of the tests on the real broker share its queue (REDIS_URL), each xdist process has a database of
# its own: run at once, one test's worker took another's task and ran it on the wrong database (User.DoesNotExist).
# So they take turns: one lock across the xdist processes (pytest-xdist 3.8's xdist_group has no effect
# under pytest 9: the tests were seen running at once in two processes).
pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set: no broker to test"),
    pytest.mark.usefixtures("real_broker_turn"),
]


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
