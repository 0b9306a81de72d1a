"""Sending text messages: one task per message, retried with a growing delay, never sending a message twice.

The task claims its row with a conditional UPDATE (queued → sending) before it calls the gateway: of two runs of
the same message (a retry and a sweep, a redelivered task after a worker died) only one claims it; the other finds
it no longer queued and does nothing. After the gateway accepted it the row is sent, with the gateway's id. When the
gateway refused it or could not be reached (``GatewayError``) the row goes back to queued and the task is retried
later (run eagerly, on the embedded default, it is left queued for the sweep); when it is not known whether the
gateway took it (``GatewayUncertain``, a timeout) the row is failed and not sent again automatically: a person must
not get the same text twice.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from joutsa_tyollisyys.tasks_util import enqueue

from .backends import GatewayError, GatewayUncertain, OutgoingText, get_backend
from .enums import TextMessageStatus
from .models import TextMessage

logger = logging.getLogger(__name__)
Status = TextMessageStatus


def send_text_message_later(message_id: int):
    """Queue the send task (after the commit that made the row). With the broker down the row stays queued and
    the sweep (``send_queued_text_messages``) queues it again."""
    return enqueue(send_text_message, message_id)


@shared_task(bind=True, max_retries=None, ignore_result=True)
def send_text_message(self, message_id: int) -> str:
    now = timezone.now()
    claimed = TextMessage.objects.filter(pk=message_id, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, status_at=now)
    if not claimed:
        return "not queued"  # sent, cancelled or being sent by another run: nothing to do
    message = TextMessage.objects.select_related("client").get(pk=message_id)
    if message.client.text_messages_refused:  # refused after it was queued
        _finish(message, Status.CANCELLED, error="The client refused text messages before it was sent.")
        return "refused"
    outgoing = OutgoingText(to=message.phone, body=message.body, reference=message.key, sender=settings.SMS_SENDER)
    try:
        gateway_id = get_backend().send(outgoing)
    except GatewayUncertain as error:
        logger.warning("Text message %s: not known whether the gateway took it: %s", message_id, error)
        _finish(message, Status.FAILED, error=f"Not known whether the gateway took it; not sent again: {error}")
        return "uncertain"
    except GatewayError as error:
        retries = self.request.retries or 0
        if retries >= settings.SMS_MAX_RETRIES:
            _finish(message, Status.FAILED, error=f"Gave up after {message.attempts} attempts: {error}")
            return "failed"
        TextMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
            status=Status.QUEUED, error=str(error)[:300], status_at=timezone.now())
        if self.request.is_eager:  # run in-process (the embedded default): the sweep sends it again later
            return "refused"
        logger.info("Text message %s refused by the gateway (attempt %s), retrying: %s",
                    message_id, message.attempts, error)
        raise self.retry(countdown=settings.SMS_RETRY_DELAY * 2 ** retries, exc=error) from None
    TextMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
        status=Status.SENT, gateway_id=gateway_id or "", sent_at=timezone.now(), status_at=timezone.now(), error="")
    return "sent"


def _finish(message, status, *, error=""):
    TextMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=status, error=error[:300], status_at=timezone.now())


@shared_task(ignore_result=True)
def send_queued_text_messages(older_than_minutes: int = 10) -> int:
    """Queue again the messages that waited longer than the retries would (the broker was down when they were
    made, or their task was lost), and mark failed a message left "being sent" by a worker that stopped in the
    middle (it is not known whether the gateway took it). Scheduled every few minutes with Celery beat."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    stuck = TextMessage.objects.filter(status=Status.SENDING, status_at__lt=timezone.now() - timedelta(hours=1))
    stuck.update(status=Status.FAILED, status_at=timezone.now(),
                 error="The worker stopped while sending it: not known whether the gateway took it; not sent again.")
    waiting = TextMessage.objects.filter(status=Status.QUEUED, status_at__lt=cutoff)
    ids = list(waiting.values_list("pk", flat=True)[:500])
    for message_id in ids:
        send_text_message_later(message_id)
    return len(ids)


@shared_task(ignore_result=True)
def send_meeting_reminders(on: str | None = None) -> dict:
    """Queue the text reminders of tomorrow's meetings (and of the days up to the next working day): scheduled
    daily with Celery beat; a second run the same day queues nothing again."""
    from datetime import date

    from .reminders import queue_meeting_reminders

    run = queue_meeting_reminders(date.fromisoformat(on) if on else None)
    logger.info("Meeting reminders: %s queued, %s already, %s skipped", run.queued, run.already, run.skipped)
    return {"queued": run.queued, "already": run.already, "skipped": run.skipped}
