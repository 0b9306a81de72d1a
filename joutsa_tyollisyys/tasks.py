from celery import shared_task


@shared_task
def ping():
    """Health check of the broker and workers."""
    return "pong"


@shared_task
def checkpoint_access_log() -> int:
    """The access log's signed checkpoint (daily; scheduled by migration core 0005). Returns the row count."""
    from .access_log import write_checkpoint

    return write_checkpoint()["count"]


@shared_task
def seal_access_log() -> int:
    """Chain the access log's unsealed rows (every minute; migration core 0008). Returns the rows sealed."""
    from .access_log import seal

    return seal().sealed
