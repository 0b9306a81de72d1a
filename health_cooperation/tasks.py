from celery import shared_task
from django.db import transaction
from django.utils import timezone


@shared_task
def materialise_sote_meetings() -> int:
    """Keep the sote team's coming meetings generated ahead (schedule daily with Celery beat)."""
    from .services import materialise_active_schedules

    with transaction.atomic():
        return materialise_active_schedules(timezone.localdate())
