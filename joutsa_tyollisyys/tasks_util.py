"""Starting Celery tasks from views without ever breaking the page when the broker is down."""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, ConnectionError, OSError, TimeoutError)


def enqueue(task, *args, **kwargs):
    """Queue ``task`` (or run it eagerly on the embedded default). Returns the AsyncResult, or ``None``
    when the broker cannot be reached: the caller tells the user the work could not start and keeps
    nothing half-done (tasks are written to be idempotent, so a later retry is safe)."""
    try:
        return task.apply_async(args=args, kwargs=kwargs, retry=False)
    except BROKER_ERRORS as error:
        logger.warning("Could not queue %s: %s", task.name, error.__class__.__name__)
        return None
