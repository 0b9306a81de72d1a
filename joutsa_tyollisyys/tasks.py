from celery import shared_task


@shared_task
def ping():
    """Health check of the broker and workers."""
    return "pong"
