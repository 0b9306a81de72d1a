import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joutsa_tyollisyys.settings")

app = Celery("joutsa_tyollisyys")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def log_through_djangos_logging(loglevel=None, **kwargs):
    """A worker logs as the web processes do (settings.LOGGING: national ids, calendar tokens and search words
    redacted). Left to itself Celery replaced the root logger's handlers with its own, without the redaction
    (``worker_hijack_root_logger``); the worker's ``--loglevel`` still sets the level."""
    from logging import getLogger
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    if loglevel:
        getLogger().setLevel(loglevel)
