"""The send task through the real Redis broker to a worker (REDIS_URL, e.g. redis://127.0.0.1:6379/6): a retry after
the gateway refused a message sends it exactly once; a task delivered twice sends once."""

import os
import time

import pytest

from messaging.backends import locmem
from messaging.models import TextMessage
from tests.factories import ClientFactory
from tests.messaging import flaky

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set: no broker to test"),
# The workers of the tests on the real broker share its queue (REDIS_URL), each xdist process has a database of
# its own: run at once, one test's worker took another's task and ran it on the wrong database (User.DoesNotExist).
# So they take turns: one lock across the xdist processes (pytest-xdist 3.8's xdist_group has no effect
# under pytest 9: the tests were seen running at once in two processes).
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_broker_turn"),
]


@pytest.fixture
def worker(settings):
    from celery.contrib.testing.worker import start_worker

    from joutsa_tyollisyys.celery import app

    settings.SMS_BACKEND = "tests.messaging.flaky.SmsBackend"
    settings.SMS_RETRY_DELAY = 1
    flaky.state.update(failures=0, uncertain=False, calls=0)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager = True


def _wait_for(message, statuses, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status in statuses:
            return message
        time.sleep(0.2)
    raise AssertionError(f"message still {message.status}")


def _queue(coach, key="redis:1"):
    from messaging import services

    client = ClientFactory(responsible_worker=coach)
    return services.queue_text_message(actor=coach, client=client, body="Muistutus huomisesta tapaamisesta.",
                                       purpose="other", key=key)


def test_a_retry_after_the_gateway_refused_sends_exactly_once(worker, coach):
    flaky.state["failures"] = 2
    message = _wait_for(_queue(coach), {"sent", "failed"})
    time.sleep(2)  # any stray retry would have run by now
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 3 and message.gateway_id
    assert flaky.state["calls"] == 3 and [m.reference for m in locmem.outbox] == ["redis:1"]


def test_a_message_whose_task_is_delivered_twice_is_sent_once(worker, coach, settings):
    from messaging.tasks import send_text_message

    message = _queue(coach)
    for _ in range(3):  # the same message queued again (a sweep, a redelivery after a lost acknowledgement)
        send_text_message.delay(message.pk)
    _wait_for(message, {"sent"})
    time.sleep(2)
    assert len(locmem.outbox) == 1 and TextMessage.objects.get().attempts == 1


def test_when_the_gateway_may_have_taken_it_it_is_not_sent_again(worker, coach):
    flaky.state["uncertain"] = True
    message = _wait_for(_queue(coach), {"failed"})
    time.sleep(2)
    assert flaky.state["calls"] == 1 and not locmem.outbox and "Not known" in message.error
