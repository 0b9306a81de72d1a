"""Starting Celery tasks from views without ever breaking the page when the broker is down."""

import logging

from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, ConnectionError, OSError, TimeoutError, RedisConnectionError, RedisTimeoutError)


def enqueue(task, *args, **kwargs):
    """Queue ``task`` (or run it eagerly on the embedded default). Returns the AsyncResult, or ``None``
    when the broker cannot be reached: the caller tells the user the work could not start and keeps
    nothing half-done (tasks are written to be idempotent, so a later retry is safe).

    Fire and forget: a web request never waits for a queued task, so it does not subscribe to the task's result
    either (``ignore_result``). The subscription connected to Redis before the message was sent and, Redis down,
    retried twenty times a second apart: the page answered with a 500 after 19 s instead of a message at once.
    On the embedded default the task runs here and its result comes back as before."""
    try:
        return task.apply_async(args=args, kwargs=kwargs, retry=False, ignore_result=True)
    except BROKER_ERRORS as error:
        logger.warning("Could not queue %s: %s", task.name, error.__class__.__name__)
        return None
