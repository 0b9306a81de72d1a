"""Report generation in the background (Celery beat runs it monthly; the page can start it on demand)."""

from datetime import date

from celery import shared_task


@shared_task(acks_late=True)
def generate_monthly_report(month: str | None = None, actor_id: int | None = None) -> int:
    """Generate (or regenerate the draft of) a month's report; by default the previous month.

    Idempotent: running it again replaces the month's draft, so a retried or duplicated run leaves one
    report. Returns the report's id."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from . import rules, services

    day = date.fromisoformat(month) if month else rules.previous_month(timezone.localdate())
    actor = get_user_model().objects.get(pk=actor_id) if actor_id else None
    report = services.report_generate(actor=actor, month=day)
    if not settings.CELERY_TASK_ALWAYS_EAGER:  # in a worker: the charts too, not in the first reader's request
        from .exports import draw_charts_ahead
        from .models import MonthlyReport

        draw_charts_ahead(MonthlyReport.objects.get(pk=report.pk))  # the figures as stored (JSON)
    return report.pk


@shared_task(acks_late=True)
def render_report_documents(report_id: int, masked: bool | None = None, language: str | None = None) -> int:
    """Render a final report's PDFs (the working group's masked one and the full one, in the default language) and
    its page's charts ahead of the first download; or one view in one language (``masked``, ``language``) that a
    reader asked for. Idempotent: a document already stored is kept."""
    from django.conf import settings
    from django.utils import translation

    from . import exports
    from .models import MonthlyReport

    report = MonthlyReport.objects.get(pk=report_id)
    if masked is not None:  # one view asked for by a reader (the PDF page queues it with a broker)
        with translation.override(language or settings.LANGUAGE_CODE):
            exports.stored_report_pdf(report, masked=masked)
        return report.documents.count()
    with translation.override(settings.LANGUAGE_CODE):
        for view in (True, False):
            exports.stored_report_pdf(report, masked=view)
    if not settings.CELERY_TASK_ALWAYS_EAGER:  # in a worker: the page's charts too, kept for every web process
        exports.draw_charts_ahead(report)
    return report.documents.count()
