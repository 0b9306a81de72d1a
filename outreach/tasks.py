"""Background work of the invitation rounds (on the embedded default Celery runs these eagerly)."""

from celery import shared_task


@shared_task(acks_late=True)
def render_letters(round_id: int) -> str:
    """The round's letters as one PDF (progress written to the round row that its page polls)."""
    from .services import letters_render

    return letters_render(round_id=round_id).letters_status
