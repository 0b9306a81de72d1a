from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients.selectors import client_workers
from joutsa_tyollisyys import html
from joutsa_tyollisyys import spreadsheets as xl
from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.access_logging import log_persons
from joutsa_tyollisyys.forms import user_choices
from joutsa_tyollisyys.parsing import date_from_request, query_month
from joutsa_tyollisyys.services import sent_version
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm, next_or, refuse_large_requests

from . import exports, generate, parsing, selectors, services
from .enums import JOB_ACTIVE, BulkAction, JobStatus
from .forms import BulkAssignForm, ContactedForm, ReviewFilterForm, UploadForm, WorkerForm
from .models import ImportJob, PaymentShareEntry

HX_CHANGED = "paymentShareChanged"


def _review_url(month):
    return reverse("payment_share:review") + (f"?month={month:%Y-%m}" if month else "")


# --- Upload and import ---------------------------------------------------------------------------


@login_required
@refuse_large_requests(
    parsing.MAX_UPLOAD_BYTES + 64 * 1024,
    _("The file is too large. Kela's monthly list is much smaller: check that you chose the right file."),
)
def upload(request):
    check_perm(request.user, "payment_share.import_list")
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.import_upload(
                actor=request.user, file=form.cleaned_data["file"], mapping=form.cleaned_data["mapping"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if outcome.job is None:
                report = outcome.result
            else:
                if outcome.job.status == JobStatus.QUEUED:
                    services.import_start(actor=request.user, job_id=outcome.job.pk)
                return redirect(outcome.job)
    return render(
        request,
        "payment_share/upload.html",
        {
            "form": form,
            "report": report,
            "jobs": ImportJob.objects.filter(created_by=request.user).order_by("-created_at")[:5],
            "lists": selectors.imported_lists()[:12],
            "max_mb": services.max_upload_bytes() // (1024 * 1024),
            "headers": [parsing.DEFAULT_HEADERS[name] for name in parsing.FIELDS],
        },
    )


def _job_or_404(request, pk) -> ImportJob:
    check_perm(request.user, "payment_share.import_list")
    try:
        return selectors.job_of(request.user, pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None


def _job_context(job):
    return {
        "job": job,
        "active": job.status in JOB_ACTIVE,
        "statuses": JobStatus,
        "first_month": job.month_dates[0] if job.months else None,
        # Queued over a minute: the user is told what is going on (a lost job is given up after 15 minutes).
        "waiting_long": job.status == JobStatus.QUEUED and job.queued_at is not None
        and timezone.now() - job.queued_at > timedelta(minutes=1),
    }


@login_required
def job_detail(request, pk):
    job = _job_or_404(request, pk)
    context = _job_context(job)
    if job.status == JobStatus.CONFIRM:
        context["existing"] = selectors.lists_for_keys(job.replace_lists)
    return render(request, "payment_share/job.html", context)


@login_required
def job_progress(request, pk):
    """The progress fragment the job page polls (htmx); it stops polling once the job has finished."""
    return render(request, "payment_share/_progress.html", _job_context(_job_or_404(request, pk)))


@login_required
@require_POST
def job_confirm(request, pk):
    job = _job_or_404(request, pk)
    try:
        services.import_confirm(actor=request.user, job_id=job.pk)
        services.import_start(actor=request.user, job_id=job.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(job)


@login_required
@require_POST
def job_cancel(request, pk):
    job = _job_or_404(request, pk)
    try:
        services.import_cancel(actor=request.user, job_id=job.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(job)
    messages.success(request, _("The import was cancelled. Nothing was saved."))
    return redirect("payment_share:upload")


@login_required
def sample_file(request):
    check_perm(request.user, "payment_share.import_list")
    rows = generate.generate_rows(5, month=date(2024, 6, 1), seed=1)
    return xl.csv_download(generate.to_csv(rows), "maksuosuuslista-malli.csv")


# --- Monthly review ------------------------------------------------------------------------------


def _review_state(request):
    """The month and filters of the review from the query string."""
    months = selectors.imported_months()
    form = ReviewFilterForm(request.GET or None, months=months)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})  # the valid fields (a bad filter does not lose the month)
    month = data.get("month") or (months[0] if months else None)
    filters = {
        "no_worker": bool(data.get("no_worker")),
        "not_contacted_months": data.get("not_contacted_months"),
        "approaching_days": data.get("approaching_days"),
        "new_only": bool(data.get("new_only")),
        "contact_worker": request.user if data.get("mine") else None,
    }
    return form, month, filters


def _rows(user, entries, month, bands, worker_options=None):
    rows = selectors.decorate_rows(entries, {month: bands})
    for row in rows:
        row.can_assign = user.has_perm("clients.assign_worker", row.client)
        if worker_options is not None:
            row.contact_options = html.with_selected(worker_options, row.contact_worker_id)
    return rows


#: Up to this many workers each row has its own choice lists; beyond it (a city's employment area with a
#: thousand workers) a thousand names in every row help nobody: rows are named through the selection form.
INLINE_CHOICES_MAX = 60


def _worker_options():
    """The workers as ``<option>``s, built once per page; None when there are too many for every row."""
    workers = list(user_choices(client_workers()[: INLINE_CHOICES_MAX + 1]))  # one more: there are too many
    if len(workers) > INLINE_CHOICES_MAX:
        return None
    return html.options(workers)


@login_required
def review(request):
    check_perm(request.user, "payment_share.review")
    form, month, filters = _review_state(request)
    context = {"form": form, "month": month}
    if month is not None:
        bands = selectors.bands_on(month)
        entries = selectors.review_entries(month, bands=bands, **filters)
        page = Paginator(entries, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        can_assign = request.user.has_perm("payment_share.assign_contact")
        worker_options = _worker_options() if can_assign else None
        context.update(
            {
                "page": page,
                "rows": _rows(request.user, page.object_list, month, bands, worker_options),
                "query": query.urlencode(),
                "bands": bands,
                "rule_set": selectors.rule_set_on(month),
                "month_lists": list(selectors.lists_for_months([month])),
                "by_benefit": selectors.benefit_breakdown(month),
                "figures": selectors.review_figures_shown(month),
                "can_assign": can_assign,
                "worker_options": worker_options,
                "bulk_form": BulkAssignForm(initial={"month": f"{month:%Y-%m}"}) if can_assign else None,
                "return_to": request.get_full_path(),
            }
        )
        log_persons(request, page.object_list, what="payment-share review")
    return render(request, "payment_share/review.html", context)


@login_required
def review_figures(request):
    check_perm(request.user, "payment_share.review")
    month = date_from_request(request, "month", query_month) or selectors.latest_month()
    if month is None:
        raise Http404
    return render(
        request, "payment_share/_figures.html", {"figures": selectors.review_figures_shown(month), "month": month}
    )


@login_required
def review_export(request):
    check_perm(request.user, "payment_share.review")
    _form, month, filters = _review_state(request)
    if month is None:
        raise Http404
    bands = selectors.bands_on(month)
    rows = selectors.decorate_rows(selectors.review_entries(month, bands=bands, **filters), {month: bands})
    log_persons(request, rows, action="export", what="payment-share list export")
    return xl.xlsx_download(exports.review_xlsx(rows, month), f"maksuosuuslista-{month:%Y-%m}.xlsx")


def _entry_or_404(request, pk, perm="payment_share.assign_contact"):
    entry = get_object_or_404(
        PaymentShareEntry.objects.select_related("client", "client__responsible_worker"), pk=pk
    )
    check_perm(request.user, perm, entry)
    return entry


def _after_row_change(request, entry, error: ValidationError | None = None, field=""):
    """htmx: the updated row (figures refresh through an event); without JavaScript: back to the review."""
    if not request.htmx:
        if error is not None:
            messages.error(request, " ".join(error.messages))
        return redirect(next_or(request, _review_url(entry.month)))
    bands = selectors.bands_on(entry.month)
    worker_options = _worker_options()
    row = _rows(
        request.user,
        selectors.review_entries(entry.month, bands=bands).filter(pk=entry.pk),
        entry.month,
        bands,
        worker_options,
    )[0]
    response = render(
        request,
        "payment_share/_row.html",
        {
            "row": row,
            "can_assign": True,
            "worker_options": worker_options,
            "return_to": _review_url(entry.month),
            "errors": {field: " ".join(error.messages)} if error is not None else {},
        },
    )
    if error is None:
        response["HX-Trigger"] = HX_CHANGED
    log_access(request=request, client=entry.client, action="view", what="payment-share review row")
    return response


def _row_action(request, pk, field, action, client_perm=None):
    """One inline change of a review row: ``action(entry, cleaned_data)`` calls the service."""
    entry = _entry_or_404(request, pk)
    if client_perm:
        check_perm(request.user, client_perm, entry.client)
    form = (ContactedForm if field == "contacted" else WorkerForm)(request.POST)
    error = None
    if not form.is_valid():
        error = ValidationError(_("The form was not valid: reload the page and try again."))
    else:
        try:
            action(entry, form.cleaned_data)
        except ValidationError as caught:
            error = caught
    return _after_row_change(request, entry, error, field)


@login_required
@require_POST
def assign_responsible(request, pk):
    return _row_action(
        request,
        pk,
        "worker",
        lambda entry, data: services.entry_assign_responsible(
            actor=request.user, entry_id=entry.pk, worker=data["worker"]
        ),
        client_perm="clients.assign_worker",
    )


@login_required
@require_POST
def assign_contact(request, pk):
    return _row_action(
        request,
        pk,
        "contact",
        lambda entry, data: services.entry_assign_contact(
            actor=request.user, entry_id=entry.pk, worker=data["worker"], expected_version=sent_version(data["version"])
        ),
    )


@login_required
@require_POST
def mark_contacted(request, pk):
    return _row_action(
        request,
        pk,
        "contacted",
        lambda entry, data: services.entry_mark_contacted(
            actor=request.user, entry_id=entry.pk, expected_version=sent_version(data["version"])
        ),
    )


@login_required
@require_POST
def bulk_assign(request):
    check_perm(request.user, "payment_share.assign_contact")
    form = BulkAssignForm(request.POST)
    month = query_month(request.POST.get("month", ""))
    if not form.is_valid():
        messages.error(request, _("Choose the persons, the worker and what to assign."))
        return redirect(_review_url(month))
    try:
        changed = services.review_bulk_assign(
            actor=request.user,
            **{k: form.cleaned_data[k] for k in ("worker", "action")},
            entry_ids=form.cleaned_data["entries"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if form.cleaned_data["action"] == BulkAction.RESPONSIBLE:
            message = _("Responsible worker named for %(count)s persons.") % {"count": changed}
            skipped = len(set(form.cleaned_data["entries"])) - changed
            if skipped:
                message += " " + _(
                    "%(count)s already had a responsible worker: change it on the client page."
                ) % {"count": skipped}
        else:
            message = _("Contact person named for %(count)s persons.") % {"count": changed}
        messages.success(request, message)
    return redirect(next_or(request, _review_url(month)))


# --- Quarterly trend (aggregates only: the working group sees this) ------------------------------

TREND_QUARTERS = 8


@login_required
def trend(request):
    check_perm(request.user, "payment_share.view_trend")
    quarters = selectors.quarterly_trend(TREND_QUARTERS)
    return render(
        request,
        "payment_share/trend.html",
        {
            "quarters": quarters,
            "rule_changes": selectors.rule_set_changes(quarters),
            "can_review": request.user.has_perm("payment_share.review"),
        },
    )


@login_required
def trend_chart(request):
    check_perm(request.user, "payment_share.view_trend")
    response = HttpResponse(
        exports.trend_svg(selectors.quarterly_trend(TREND_QUARTERS)), content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def trend_export(request):
    check_perm(request.user, "payment_share.view_trend")
    return xl.xlsx_download(
        exports.trend_xlsx(selectors.quarterly_trend(TREND_QUARTERS)), "maksuosuus-neljannesvuodet.xlsx"
    )
