from celery import shared_task

from . import services


@shared_task(name="rehab_work.close_finished_agreements")
def close_finished_agreements() -> int:
    """Daily: signed agreements whose last day has passed become ended."""
    return services.agreements_close_finished()
