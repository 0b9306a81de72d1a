"""Daily work on wage-subsidy claims (Celery beat; the schedule row is made by migration 0003)."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import services


@shared_task
def daily_claims_check():
    """Mark claims past their deadline lapsed and remind the clerk 14 days before a deadline.
    Idempotent: a second run the same day finds nothing new to do."""
    with translation.override(settings.LANGUAGE_CODE):
        lapsed = services.claims_mark_lapsed()
        reminded = services.claims_send_reminders()
    return {"lapsed": lapsed, "reminded": reminded}
