"""The send task's rules, run eagerly (the real broker: test_send_task_redis.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging import services
from messaging.backends import locmem
from messaging.models import TextMessage
from messaging.tasks import send_queued_text_messages, send_text_message
from tests.factories import ClientFactory
from tests.messaging import flaky

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    settings.SMS_BACKEND = "tests.messaging.flaky.SmsBackend"
    settings.SMS_RETRY_DELAY = 0
    flaky.state.update(failures=0, uncertain=False, calls=0)
    return flaky.state


@pytest.fixture
def queued(coach):
    client = ClientFactory(responsible_worker=coach)
    return services.queue_text_message(actor=coach, client=client, body="Hei", purpose="other", key="k1")


def test_refused_run_eagerly_is_left_queued_for_the_sweep(gateway, queued):
    gateway["failures"] = 1
    assert send_text_message.apply(args=[queued.pk]).get() == "refused"
    queued.refresh_from_db()
    assert queued.status == "queued" and queued.attempts == 1 and "503" in queued.error and not locmem.outbox
    send_text_message.apply(args=[queued.pk])
    queued.refresh_from_db()
    assert queued.status == "sent" and queued.attempts == 2 and len(locmem.outbox) == 1


def test_it_gives_up_after_the_last_retry_and_not_before(gateway, queued, settings):
    settings.SMS_MAX_RETRIES = 2
    gateway["failures"] = 10
    send_text_message.apply(args=[queued.pk], retries=1)
    queued.refresh_from_db()
    assert queued.status == "queued"
    send_text_message.apply(args=[queued.pk], retries=2)
    queued.refresh_from_db()
    assert queued.status == "failed" and queued.attempts == 2 and "503" in queued.error and not locmem.outbox


def test_not_known_whether_the_gateway_took_it_is_not_sent_again(gateway, queued):
    gateway["uncertain"] = True
    send_text_message.apply(args=[queued.pk])
    send_text_message.apply(args=[queued.pk])
    queued.refresh_from_db()
    assert queued.status == "failed" and gateway["calls"] == 1


def test_a_refusal_recorded_after_queueing_stops_the_message(queued):
    ClientFactory._meta.model.objects.filter(pk=queued.client_id).update(text_messages_refused=True)
    assert send_text_message.apply(args=[queued.pk]).get() == "refused"
    queued.refresh_from_db()
    assert queued.status == "cancelled" and not locmem.outbox


def test_the_sweep_sends_what_the_broker_never_got(queued):
    TextMessage.objects.filter(pk=queued.pk).update(status_at=timezone.now() - timedelta(minutes=11))
    fresh = services.queue_text_message(actor=queued.created_by, client=queued.client, body="Hei", purpose="other",
                                        key="k2")
    assert send_queued_text_messages.apply().get() == 1
    queued.refresh_from_db()
    fresh.refresh_from_db()
    assert queued.status == "sent" and fresh.status == "queued" and len(locmem.outbox) == 1


def test_a_message_stuck_in_sending_is_marked_failed_and_not_sent(queued):
    TextMessage.objects.filter(pk=queued.pk).update(status="sending", status_at=timezone.now() - timedelta(hours=2))
    send_queued_text_messages.apply()
    queued.refresh_from_db()
    assert queued.status == "failed" and "not known" in queued.error.lower() and not locmem.outbox
