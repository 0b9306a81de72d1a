from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from joutsa_tyollisyys import confirm
from joutsa_tyollisyys import spreadsheets as xl
from joutsa_tyollisyys.access_log import log_access_many
from joutsa_tyollisyys.parsing import date_from_request, query_month
from joutsa_tyollisyys.pdf import pdf_response
from joutsa_tyollisyys.services import sent_version
from joutsa_tyollisyys.tasks_util import enqueue
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm

from . import exports, presentation, rules, selectors, services
from .forms import GenerateForm, InputsForm
from .models import MonthlyInputs, MonthlyReport
from .tasks import generate_monthly_report


def _masked(user) -> bool:
    """Those who may not see people see aggregates only (small numbers masked)."""
    return not user.has_perm("reporting.view_people")


def _report_or_404(request, pk) -> MonthlyReport:
    check_perm(request.user, "reporting.view_reports")
    try:
        return selectors.report_for(pk, finals_only=not request.user.has_perm("reporting.view_drafts"))
    except MonthlyReport.DoesNotExist:
        raise Http404 from None


def _file_name(report, suffix=""):
    return f"seurantaraportti-{report.month:%Y-%m}-v{report.version}{suffix}"


@login_required
def index(request):
    check_perm(request.user, "reporting.view_reports")
    can_manage = request.user.has_perm("reporting.manage_reports")
    previous = rules.previous_month(timezone.localdate())
    return render(
        request,
        "reporting/index.html",
        {
            "reports": selectors.report_list(finals_only=not request.user.has_perm("reporting.view_drafts"))[:60],
            "can_manage": can_manage,
            "form": GenerateForm(initial={"month": previous}) if can_manage else None,
            "previous_month": previous,
        },
    )


@login_required
def detail(request, pk):
    report = _report_or_404(request, pk)
    masked = _masked(request.user)
    data = exports.context(report, masked=masked, can_drill=not masked)
    data["can_manage"] = request.user.has_perm("reporting.manage_reports")
    if data["can_manage"] and not report.is_final:
        data["inputs_changed"] = MonthlyInputs.objects.filter(
            month=report.month, updated_at__gt=report.generated_at
        ).exists()
    return render(request, "reporting/detail.html", data)


@login_required
def chart(request, pk, name):
    report = _report_or_404(request, pk)
    svg = exports.chart(report, name, masked=_masked(request.user))
    if svg is None:
        raise Http404
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def pdf(request, pk):
    report = _report_or_404(request, pk)
    masked = _masked(request.user)
    if report.is_final and not settings.CELERY_TASK_ALWAYS_EAGER and not exports.is_stored(report, masked=masked):
        # Drawing a report takes seconds: with a broker a worker draws it, never a web process (issue 24); the page
        # asks again until it is there.
        from django.utils.translation import get_language

        from .tasks import render_report_documents

        queued = enqueue(render_report_documents, report.pk, masked=masked, language=get_language())
        response = render(request, "reporting/pdf_preparing.html", {"report": report, "queued": queued is not None},
                          status=202)
        response["Refresh"] = "5"
        response["Cache-Control"] = "no-store"
        return response
    return pdf_response(exports.stored_report_pdf(report, masked=masked, request=request), _file_name(report))


@login_required
def xlsx(request, pk):
    report = _report_or_404(request, pk)
    return xl.xlsx_download(exports.report_xlsx(report, masked=_masked(request.user)), f"{_file_name(report)}.xlsx")


@login_required
def people(request, pk, key):
    """The clients behind a people-based figure of the month (only those the user may see)."""
    check_perm(request.user, "reporting.view_people")
    report = _report_or_404(request, pk)
    row = presentation.row_for(report, key)
    if row is None or row.ids is None:
        raise Http404
    page = Paginator(selectors.clients_behind(request.user, row.ids), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_access_many(request=request, client_ids=[client.pk for client in page], action="view",
                    what=f"monthly report list: {key}")
    return render(
        request,
        "reporting/people.html",
        {
            "report": report,
            "row": row,
            "page": page,
            "hidden": selectors.hidden_count(request.user, row.ids),
        },
    )


@login_required
@require_POST
def generate(request):
    check_perm(request.user, "reporting.manage_reports")
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("reporting:index")
    month = form.cleaned_data["month"]
    if month > rules.month_start(timezone.localdate()):
        messages.error(request, _("Choose the current month or an earlier one."))
        return redirect("reporting:index")
    try:  # on the embedded default the task runs here and its errors come straight back
        result = enqueue(generate_monthly_report, month.isoformat(), request.user.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:index")
    if result is None:
        messages.error(
            request,
            _("The report could not be started because the background service is not available. "
              "Nothing was changed: try again in a moment."),
        )
        return redirect("reporting:index")
    if result.ready():
        report_id = result.get()
        messages.success(request, _("The report was generated as a draft."))
        return redirect("reporting:detail", pk=report_id)
    messages.info(request, _("The report is being generated. It appears in the list in a moment."))
    return redirect("reporting:index")


# Ask first (joutsa_tyollisyys/confirm.py): a final report cannot be changed, and the working group is notified.
FINALISE = confirm.Action("reporting.finalise", question=_lazy("Finalise the report? A final report cannot be changed "
                                                             "and the working group is notified."),
                          yes=_lazy("Yes, finalise the report"))


@login_required
@require_POST
def finalise(request, pk):
    report = _report_or_404(request, pk)
    if (page := confirm.ask_first(request, FINALISE, back=report.get_absolute_url())) is not None:
        return page
    try:
        services.report_finalise(actor=request.user, report_id=report.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is final. The working group was notified."))
    return redirect(report)


@login_required
def inputs(request):
    check_perm(request.user, "reporting.manage_reports")
    month = date_from_request(request, "month", query_month) or rules.previous_month(
        timezone.localdate()
    )
    instance = MonthlyInputs.objects.filter(month=month).first()
    initial = {"month": month, "version": instance.version if instance else 0}  # 0: no figures yet
    form = InputsForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.inputs_save(
                actor=request.user,
                month=form.cleaned_data["month"],
                data=form.cleaned_data,
                expected_version=sent_version(form.cleaned_data.get("version")),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The month's figures were saved. Generate the report to include them."))
            return redirect(reverse("reporting:index"))
    return render(
        request,
        "reporting/inputs.html",
        {"form": form, "month": month, "recent": MonthlyInputs.objects.select_related("entered_by")[:12]},
    )


