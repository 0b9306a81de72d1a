"""Background work of the payment-share list (on the embedded default Celery runs these eagerly)."""

from celery import shared_task


@shared_task(acks_late=True)
def run_import(job_id: int) -> str:
    """Save a validated list (progress is written to the ImportJob row that the page polls)."""
    from .services import import_execute

    return import_execute(job_id=job_id).status


@shared_task
def expire_stale_imports() -> int:
    """Give up imports whose message was lost or that waited a day, and tell their uploaders (Celery beat, every
    15 minutes: migration 0006)."""
    from .services import expire_stale_jobs

    return expire_stale_jobs()
