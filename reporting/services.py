"""Writes of the reporting app: the month's entered figures, generating and finalising reports."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from joutsa_tyollisyys.messages import Text
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import lock_for_update, notify, require, save_audited

from . import rules
from .enums import TRANSITIONS, ReportStatus
from .indicators import INPUT_FIELDS, compute_figures
from .models import MonthlyInputs, MonthlyReport


def _check_month(month, field="month"):
    month = rules.month_start(month)
    if month > rules.month_start(timezone.localdate()):
        raise ValidationError({field: [_("Choose the current month or an earlier one.")]})
    return month


@transaction.atomic
def inputs_save(*, actor, month, data: dict, expected_version=None) -> MonthlyInputs:
    """Save the month's entered figures (unemployment rate, economy). Refused if someone saved meanwhile:
    ``expected_version`` is the version the form was rendered with, 0 when the month had no figures yet (so figures
    someone else entered meanwhile are not overwritten); ``None`` (the services' own calls) does not check."""
    require(actor, "reporting.manage_reports")
    month = _check_month(month)
    existing = MonthlyInputs.objects.filter(month=month).values_list("pk", flat=True).first()
    if existing is None:
        if expected_version:  # the form was rendered for a row that has since been deleted
            raise ValidationError(_("The figures were removed meanwhile: reload the page."))
        inputs = MonthlyInputs(month=month)
    else:
        inputs = lock_for_update(MonthlyInputs, existing, expected_version)
    for name in INPUT_FIELDS:
        setattr(inputs, name, data.get(name))
    inputs.entered_by = actor
    return save_audited(inputs, actor=actor)


def report_generate(*, actor, month) -> MonthlyReport:
    """Compute the month's figures and store them as the month's draft: an existing draft is replaced, a
    final report is kept and the draft becomes its next version. Running it twice leaves one draft."""
    if actor is not None:  # None: the scheduled task
        require(actor, "reporting.manage_reports")
    month = _check_month(month)
    figures = compute_figures(month)
    for _attempt in range(3):
        try:
            return _store_draft(month, figures, actor)
        except IntegrityError:  # a parallel run created the draft first: replace that one
            continue
    raise ValidationError(_("The report could not be saved because it was being generated at the same time."))


@transaction.atomic
def _store_draft(month, figures, actor) -> MonthlyReport:
    draft = MonthlyReport.objects.select_for_update(of=("self",)).filter(month=month, status=ReportStatus.DRAFT).first()
    if draft is None:
        latest = MonthlyReport.objects.filter(month=month).aggregate(v=Max("version"))["v"] or 0
        draft = MonthlyReport(month=month, version=latest + 1, status=ReportStatus.DRAFT)
    draft.figures = figures
    draft.created_by = actor
    draft.generated_at = timezone.now()
    draft._history_user = actor
    draft.save()
    return draft


@transaction.atomic
def report_finalise(*, actor, report_id: int, notify_group: bool = True) -> MonthlyReport:
    """Finalise a draft (it never changes after this) and notify the working group."""
    require(actor, "reporting.manage_reports")
    report = MonthlyReport.objects.select_for_update(of=("self",)).get(pk=report_id)
    if ReportStatus.FINAL not in TRANSITIONS[ReportStatus(report.status)]:
        raise ValidationError(
            _("This report is final already. Generate the month again to make a new version."), code="final"
        )
    inputs = MonthlyInputs.objects.filter(month=report.month).first()
    if inputs is None:
        raise ValidationError(
            _("Enter the month's figures (unemployment rate and economy) before finalising."), code="no_inputs"
        )
    if inputs.updated_at > report.generated_at:
        raise ValidationError(
            _("The month's figures were changed after this draft was generated. Generate the report again."),
            code="inputs_changed",
        )
    report.status = ReportStatus.FINAL
    report.finalised_at = timezone.now()
    report.finalised_by = actor
    report._history_user = actor
    report.save()
    if notify_group:
        _notify_working_group(report)
        # The group will print it: the PDFs are drawn in the background, not in their first download.
        transaction.on_commit(lambda: _render_documents(report.pk))
    return report


def _render_documents(report_id):
    from joutsa_tyollisyys.tasks_util import enqueue

    from .tasks import render_report_documents

    enqueue(render_report_documents, report_id)


def _notify_working_group(report):
    members = get_user_model().objects.filter(groups__name=str(Role.WORKING_GROUP), is_active=True).distinct()
    message = Text(N_("The monthly report %(month)s is ready."), {"month": f"{report.month:%m/%Y}"})
    if report.version > 1:
        message = Text(N_("The monthly report %(month)s is ready (version %(version)s)."), {
            "month": f"{report.month:%m/%Y}",
            "version": report.version,
        })
    for member in members:
        notify(recipient=member, message=message, url=report.get_absolute_url(), email=True)


