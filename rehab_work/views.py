"""Thin views: form → service → redirect. Permissions through django-rules (rehab_work/permissions.py)."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from clients.models import Client
from clients.permissions import document_national_id
from joutsa_tyollisyys import confirm, undo
from joutsa_tyollisyys.access_log import log_access, log_access_many
from joutsa_tyollisyys.access_logging import log_persons
from joutsa_tyollisyys.parsing import date_from_request, query_date
from joutsa_tyollisyys.pdf import pdf_response, render_pdf
from joutsa_tyollisyys.roles import Role, has_role
from joutsa_tyollisyys.services import sent_version
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm

from . import exports, rules, selectors, services
from .enums import EDITABLE_STATUSES, AgreementStatus, AttendanceStatus, ClaimStatus
from .forms import (
    AgreementForm,
    ClaimCreateForm,
    ClaimPaidForm,
    ClaimSubmitForm,
    DecisionForm,
    EndEarlyForm,
    ExtendForm,
    FeedbackForm,
    FinalEvaluationForm,
    MonthForm,
    SignForm,
    StatusFilterForm,
)
from .models import FinalEvaluation, RehabAgreement

FORM_PAGE = "rehab_work/form_page.html"


def _agreement_or_404(request, pk, perm="rehab_work.view_agreement"):
    agreement = get_object_or_404(
        RehabAgreement.objects.select_related(
            "client", "client__responsible_worker", "client__responsible_worker__team", "placement"
        ),
        pk=pk,
    )
    check_perm(request.user, perm, agreement)
    return agreement


def _version(form, obj):
    """The version the form was rendered with: missing is refused, never taken as ``obj``'s own (fresh)."""
    return sent_version(form.cleaned_data.get("version"))


def _posted_version(request, obj):
    """The version a button's form was rendered with; garbage counts as stale (refused as a conflict), missing is
    refused too."""
    return sent_version(request.POST.get("version"))


_date = query_date


def _form_page(request, form, call, *, title, success, next_url, context=None):
    """Render ``form``; on a valid POST run ``call(data)`` (a service), show its errors beside the fields.
    ``next_url`` may be a function of what the service returned."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    context = context or {}
    if "agreement" in context and request.method == "GET":
        log_access(
            request=request,
            client=context["agreement"].client,
            action="view",
            what="rehabilitative work agreement form",
        )
    return render(request, FORM_PAGE, {"form": form, "title": title, **context})


def _object_form_page(request, obj, form_class, service, *, title, success, initial=None):
    """A form page for one service call on ``obj`` (an agreement or a claim), with optimistic locking when
    the form carries the version it was rendered with."""
    form = form_class(request.POST or None, initial={"version": obj.version, **(initial or {})})
    name = "agreement" if isinstance(obj, RehabAgreement) else "claim"

    def call(data):
        if "version" in form.fields:
            data.pop("version", None)
            data["expected_version"] = _version(form, obj)
        return service(actor=request.user, **{f"{name}_id": obj.pk}, **data)

    return _form_page(
        request,
        form,
        call,
        title=title,
        success=success,
        next_url=obj.get_absolute_url(),
        context={name: obj},
    )


# --- agreements ----------------------------------------------------------------------------------------


@login_required
def agreement_list(request):
    check_perm(request.user, "rehab_work.list_agreements")
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(selectors.agreement_list(request.user, status=status), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    log_persons(request, page, what="rehabilitative work agreements")
    return render(
        request, "rehab_work/agreement_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def agreement_create(request, client_pk):
    client = get_object_or_404(Client.objects.select_related("responsible_worker__team"), pk=client_pk)
    check_perm(request.user, "rehab_work.draft_agreement", client)
    from_plan = selectors.initial_terms_from_plan(client)
    plan = from_plan.pop("from_plan", None)
    needs_multi_agency_plan = from_plan.pop("needs_multi_agency_plan", False)
    form = AgreementForm(
        request.POST or None,
        initial={"weekdays": ["1", "2", "3", "4"], "days_per_week": 4, "hours_per_day": 6, **from_plan},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_draft(actor=request.user, client_id=client.pk, **form.terms())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement drafted. Check it and send it for decision."))
            return redirect(agreement)
    log_persons(request, client_ids=[client.pk], what="rehabilitative work agreement form")
    return render(
        request,
        "rehab_work/agreement_form.html",
        {
            "form": form,
            "client": client,
            "agreement": None,
            "plan": plan,
            "needs_multi_agency_plan": needs_multi_agency_plan,
        },
    )


@login_required
def agreement_edit(request, pk):
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    if agreement.status not in EDITABLE_STATUSES:
        messages.error(request, _("Only a draft or a rejected agreement can be edited."))
        return redirect(agreement)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "GET":
        log_access(
            request=request, client=agreement.client, action="view", what="rehabilitative work agreement form"
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                actor=request.user,
                agreement_id=agreement.pk,
                expected_version=_version(form, agreement),
                **form.terms(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect(agreement)
    return render(
        request,
        "rehab_work/agreement_form.html",
        {"form": form, "client": agreement.client, "agreement": agreement},
    )


@login_required
def agreement_detail(request, pk):
    _agreement_or_404(request, pk)
    agreement = selectors.agreement_for_page(pk)
    user = request.user
    log_access(request=request, client=agreement.client, action="view", what="rehabilitative work agreement")
    return render(
        request,
        "rehab_work/agreement_detail.html",
        {
            "agreement": agreement,
            "client": agreement.client,
            "decision": selectors.latest_decision(agreement),
            "months": selectors.attendance_by_month(agreement),
            "can_change": user.has_perm("rehab_work.change_agreement", agreement),
            "can_decide": agreement.status == AgreementStatus.SUBMITTED
            and user.has_perm("rehab_work.decide", agreement),
            "S": AgreementStatus,
            "editable": agreement.status in EDITABLE_STATUSES,
            "history": agreement.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


AGREEMENT_ACTIONS = {
    "submit": (services.agreement_submit, _lazy("Sent to the social counsellor for decision.")),
    "cancel": (services.agreement_cancel, _lazy("Agreement cancelled.")),
}
# Ask first (joutsa_tyollisyys/confirm.py).
CANCEL_AGREEMENT = confirm.Action("rehab_work.agreement_cancel", question=_lazy("Cancel this agreement?"),
                                  yes=_lazy("Yes, cancel the agreement"))
DELETE_CLAIM = confirm.Action("rehab_work.claim_delete", question=_lazy("Delete this draft claim?"),
                              yes=_lazy("Yes, delete the draft"))


@login_required
@require_POST
def agreement_action(request, pk, action):
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    if action not in AGREEMENT_ACTIONS:
        raise Http404
    service, success = AGREEMENT_ACTIONS[action]
    if action == "cancel" and (page := confirm.ask_first(
            request, CANCEL_AGREEMENT, back=agreement.get_absolute_url(), details=str(agreement),
            client_id=agreement.client_id)) is not None:
        return page
    previous = agreement.status
    try:
        changed = service(
            actor=request.user,
            agreement_id=agreement.pk,
            expected_version=_posted_version(request, agreement),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if action == "cancel":
            undo.offer(request, success, kind="rehab_work.agreement_cancel", pk=agreement.pk,
                       state=[changed.version, previous])
        else:
            messages.success(request, success)
    return redirect(agreement)


@login_required
def decision_queue(request):
    check_perm(request.user, "rehab_work.view_decision_queue")
    page = Paginator(selectors.decision_queue(request.user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    log_persons(request, page, what="decision queue")
    as_substitute = not has_role(request.user, Role.SOCIAL_COUNSELLOR)
    return render(request, "rehab_work/decision_queue.html",
                  {"page": page, "agreements": page.object_list, "as_substitute": as_substitute})


@login_required
def decide(request, pk):
    agreement = _agreement_or_404(request, pk, "rehab_work.decide")
    if agreement.status != AgreementStatus.SUBMITTED:
        messages.info(request, _("This agreement is not waiting for a decision."))
        return redirect("rehab_work:decision_queue")
    form = DecisionForm(request.POST or None, initial={"version": agreement.version})

    def call(data):
        services.decision_make(
            actor=request.user,
            agreement_id=agreement.pk,
            expected_version=_version(form, agreement),
            outcome=data["outcome"],
            reason=data["reason"],
        )

    return _form_page(
        request,
        form,
        call,
        title=_("Decision on rehabilitative work"),
        success=_("Decision saved."),
        next_url=reverse("rehab_work:decision_queue"),
        context={"agreement": agreement, "show_terms": True},
    )


@login_required
def agreement_sign(request, pk):
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    return _object_form_page(
        request,
        agreement,
        SignForm,
        services.agreement_sign,
        title=_("Sign the agreement"),
        success=_("Agreement signed. The meetings and the final evaluation are in your calendar."),
        initial=SignForm.initial_for(agreement),
    )


@login_required
def agreement_extend(request, pk):
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    return _object_form_page(
        request,
        agreement,
        ExtendForm,
        services.agreement_extend,
        title=_("Extend the agreement"),
        success=_("Agreement extended."),
    )


@login_required
def agreement_end(request, pk):
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    return _object_form_page(
        request,
        agreement,
        EndEarlyForm,
        services.agreement_end_early,
        title=_("End the agreement early"),
        success=_("Agreement ended."),
        initial={"ended_on": timezone.localdate()},
    )


@login_required
def final_evaluation(request, pk):
    """Record the final evaluation, or amend the recorded one (its next step agreed later, a correction)."""
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    evaluation = FinalEvaluation.objects.filter(agreement=agreement).first()
    if evaluation is None:
        return _object_form_page(
            request,
            agreement,
            FinalEvaluationForm,
            services.final_evaluation_record,
            title=_("Final evaluation"),
            success=_("Final evaluation recorded."),
            initial={"held_on": timezone.localdate()},
        )
    return _object_form_page(
        request,
        agreement,
        FinalEvaluationForm,
        services.final_evaluation_amend,
        title=_("Amend the final evaluation"),
        success=_("Final evaluation amended."),
        initial={f: getattr(evaluation, f) for f in ("held_on", "summary", "next_step", "next_step_details")},
    )


@login_required
def feedback(request, pk):
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    return _object_form_page(
        request,
        agreement,
        FeedbackForm,
        services.feedback_record,
        title=_("Client feedback"),
        success=_("Thank you: feedback recorded."),
        initial={"given_on": timezone.localdate()},
    )


PDF_DOCUMENTS = {
    "agreement": ("rehab_work/pdf/agreement.html", "sopimus", "rehabilitative work agreement"),
    "decision": ("rehab_work/pdf/decision.html", "paatos", "rehabilitative work decision"),
    "info": ("rehab_work/pdf/info_sheet.html", "tietolomake", "rehabilitative work info sheet"),
}


@login_required
def agreement_pdf(request, pk, document):
    _agreement_or_404(request, pk)
    if document not in PDF_DOCUMENTS:
        raise Http404
    template, filename, what = PDF_DOCUMENTS[document]
    agreement = selectors.agreement_for_page(pk)
    decision = selectors.latest_decision(agreement)
    if document == "decision" and decision is None:
        raise Http404
    pdf = render_pdf(
        template,
        {
            "agreement": agreement,
            "client": agreement.client,
            "decision": decision,
            "placement": agreement.placement,
        },
        request=request,
    )
    log_access(request=request, client=agreement.client, action="pdf", what=what)
    return pdf_response(pdf, f"{filename}-{agreement.pk}")


@login_required
def attendance_statement(request, pk, year, month, fmt):
    agreement = _agreement_or_404(request, pk, "rehab_work.view_attendance_statement")
    if fmt not in ("pdf", "xlsx") or not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    statement = selectors.month_statement(agreement, year, month)
    statement["national_id"] = document_national_id(request.user, agreement.client, "attendance_statement")
    filename = f"lasnaolo-{agreement.pk}-{year}-{month:02d}"  # no names in file names (downloads folders, mail)
    log_access(
        request=request,
        client=agreement.client,
        action="pdf" if fmt == "pdf" else "export",
        what=f"attendance statement {year}-{month:02d}",
    )
    if fmt == "xlsx":
        return exports.xlsx_response(
            exports.statement_workbook(statement, settings.MUNICIPALITY_NAME), filename
        )
    return pdf_response(
        render_pdf("rehab_work/pdf/attendance_statement.html", statement, request=request), filename
    )


# --- attendance ----------------------------------------------------------------------------------------

CELL = re.compile(r"^cell-(\d+)-(\d{4}-\d{2}-\d{2})$")


def _monday(value):
    return rules.week_bounds(value or timezone.localdate())[0]


def _grid_context(request, monday, rows):
    shown = [
        d
        for d in selectors.week_days(monday)
        if d.isoweekday() <= 5 or any(row.cells[d.weekday()].open for row in rows)
    ]
    return {
        "rows": rows,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "days": shown,
        "prev_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "statuses": AttendanceStatus.choices,
        "today": timezone.localdate(),
    }


@login_required
def attendance_week(request):
    """The weekly grid. With JavaScript each cell saves itself (htmx); without it, "Save" sends the grid."""
    check_perm(request.user, "rehab_work.record_attendance")
    monday = _monday(date_from_request(request, "week"))
    posted, errors = {}, {}
    if request.method == "POST":
        posted = _posted_cells(request, monday)
        try:
            errors = services.attendance_set_many(
                actor=request.user, changes=[(pk, day, value, was) for (pk, day), (value, was) in posted.items()]
            )
        except RehabAgreement.DoesNotExist:
            raise Http404 from None
        if not errors:
            messages.success(request, _("Attendance saved."))
            return redirect(f"{reverse('rehab_work:attendance_week')}?week={monday.isoformat()}")
        messages.error(request, _("Nothing was saved: correct the marked days and save again."))
    rows = selectors.attendance_week(request.user, monday)
    for row in rows:  # after a refusal: the days the user changed as sent (the others as saved now), refusals marked
        for cell in row.cells:
            key = (row.agreement.pk, cell.day)
            if key in posted and posted[key][0] != posted[key][1]:
                cell.status = posted[key][0]
            if key in errors:
                cell.error = " ".join(errors[key].messages)
    log_persons(request, client_ids=[row.agreement.client_id for row in rows], what="attendance week")
    return render(request, "rehab_work/attendance_week.html", _grid_context(request, monday, rows))


def _posted_cells(request, monday) -> dict:
    """{(agreement id, day): (status, was)} of the week's cells sent, ``was`` the day as the page showed it (its
    hidden ``was-`` field; ``WAS_MISSING`` when the page did not send it); the service skips those left as shown
    or as recorded, refuses those someone else recorded meanwhile, checks the rest (a cell of someone else's
    client: 403) and saves all of them or none."""
    sunday = monday + timedelta(days=6)
    cells = {}
    for key, value in request.POST.items():
        match = CELL.match(key)
        day = _date(match[2]) if match and len(match[1]) <= 18 else None
        if day is not None and monday <= day <= sunday:
            cells[(int(match[1]), day)] = (value, _posted_was(request, int(match[1]), day))
    return cells


def _posted_was(request, agreement_id, day):
    """What the page showed for the day when it was opened (the cell's hidden ``was-`` field)."""
    return request.POST.get(f"was-{agreement_id}-{day.isoformat()}", services.WAS_MISSING)


def _row_response(request, agreement, monday, *, error_day=None, error=""):
    row = selectors.attendance_row(agreement.pk, monday)
    for cell in row.cells:
        if cell.day == error_day:
            cell.error = error
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{reverse('rehab_work:attendance_week')}?week={monday.isoformat()}")
    context = _grid_context(request, monday, [row])
    shown = {_date(value) for value in request.POST.getlist("shown")}
    context["days"] = [day for day in selectors.week_days(monday) if day in shown] or context["days"]
    return render(request, "rehab_work/_attendance_row.html", {**context, "row": row})


@login_required
@require_POST
def attendance_cell(request):
    check_perm(request.user, "rehab_work.record_attendance")
    agreement = get_object_or_404(
        RehabAgreement.objects.select_related("client__responsible_worker__team"),
        pk=int(request.POST["agreement"]) if request.POST.get("agreement", "").isdigit() else 0,
    )
    check_perm(request.user, "rehab_work.change_agreement", agreement)
    day = _date(request.POST.get("day"))
    if day is None:
        raise Http404
    status = request.POST.get(f"cell-{agreement.pk}-{day.isoformat()}", request.POST.get("status", ""))
    error = ""
    try:
        services.attendance_set(actor=request.user, agreement_id=agreement.pk, day=day, status=status,
                                was=_posted_was(request, agreement.pk, day))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _row_response(request, agreement, rules.week_bounds(day)[0], error_day=day, error=error)


@login_required
@require_POST
def attendance_fill(request, pk):
    agreement = _agreement_or_404(request, pk, "rehab_work.change_agreement")
    monday = _monday(query_date(request.POST.get("week")))
    error = ""
    try:
        services.attendance_fill_week(actor=request.user, agreement_id=agreement.pk, monday=monday)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _row_response(request, agreement, monday, error_day=monday, error=error)


def _month_of(request):
    form = MonthForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data["month"]
    today = timezone.localdate()
    form = MonthForm(initial={"month": today.strftime("%Y-%m")}) if not request.GET else form
    return form, (today.year, today.month)


@login_required
def attendance_month(request):
    check_perm(request.user, "rehab_work.view_attendance_totals")
    form, (year, month) = _month_of(request)
    rows = selectors.attendance_totals(request.user, year, month)
    log_persons(request, rows, what="attendance month")
    return render(
        request,
        "rehab_work/attendance_month.html",
        {
            "form": form,
            "rows": rows,
            "year": year,
            "month": month,
            "statuses": AttendanceStatus.choices,
            "allowance_rates": selectors.expense_allowance_rates(year, month),
            "start": rules.month_bounds(year, month)[0],
        },
    )


@login_required
def overdue(request):
    check_perm(request.user, "rehab_work.list_agreements")
    evaluations = list(selectors.overdue_evaluations(request.user))
    no_next_step = list(selectors.ending_without_next_step(request.user))
    log_persons(request, evaluations, no_next_step, what="overdue evaluations and next steps")
    return render(
        request,
        "rehab_work/overdue.html",
        {
            "evaluations": evaluations,
            "no_next_step": no_next_step,
        },
    )


# --- placements ----------------------------------------------------------------------------------------


@login_required
def placement_list(request):
    check_perm(request.user, "rehab_work.view_placements")
    return render(
        request, "rehab_work/placement_list.html", {"placements": selectors.placements_with_usage()}
    )


@login_required
def capacity(request):
    check_perm(request.user, "rehab_work.view_capacity")
    return render(request, "rehab_work/capacity.html", {"summary": selectors.capacity_summary()})


# --- KEHA claims ---------------------------------------------------------------------------------------


def _claim_or_404(request, pk):
    """The claim with its totals (participants, days, euros)."""
    check_perm(request.user, "rehab_work.manage_claims")
    return selectors.with_totals([get_object_or_404(selectors.claim_list(), pk=pk)])[0]


@login_required
def claim_list(request):
    check_perm(request.user, "rehab_work.manage_claims")
    page = Paginator(selectors.claim_list(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_totals(page.object_list)
    unclaimed, counted_at = selectors.unclaimed_days_shown()
    return render(
        request,
        "rehab_work/claim_list.html",
        {"page": page, "unclaimed": unclaimed, "unclaimed_counted_at": counted_at, "query": ""},
    )


@login_required
def claim_create(request):
    check_perm(request.user, "rehab_work.manage_claims")
    form = ClaimCreateForm(request.POST or None, initial=ClaimCreateForm.previous_month())
    return _form_page(
        request,
        form,
        lambda data: services.claim_create(actor=request.user, **data),
        title=_("New compensation claim"),
        success=_("Claim computed."),
        next_url=lambda claim: claim.get_absolute_url(),
        context={
            "help": _(
                "The claim takes every participation day of the period not claimed yet. "
                "If the period was claimed before, this makes a supplementary claim."
            )
        },
    )


@login_required
def claim_detail(request, pk):
    claim = _claim_or_404(request, pk)
    page = Paginator(selectors.claim_participants(claim), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    log_persons(request, client_ids=[participant["pk"] for participant in page], what=f"KEHA claim {claim.pk}")
    return render(
        request,
        "rehab_work/claim_detail.html",
        {
            "claim": claim,
            "page": page,
            "rows": selectors.claim_breakdown(claim, client_ids=[participant["pk"] for participant in page]),
            "S": ClaimStatus,
            "history": claim.history.select_related("history_user").order_by("-history_date")[:10],
        },
    )


@login_required
@require_POST
def claim_action(request, pk, action):
    claim = _claim_or_404(request, pk)
    try:
        version = _posted_version(request, claim)
        if action == "rebuild":
            services.claim_rebuild(actor=request.user, claim_id=claim.pk, expected_version=version)
            messages.success(request, _("Claim computed again from the current attendance."))
        elif action == "delete":
            if (page := confirm.ask_first(request, DELETE_CLAIM, back=claim.get_absolute_url(),
                                          details=str(claim))) is not None:
                return page
            period = [claim.period_start.isoformat(), claim.period_end.isoformat()]
            services.claim_delete(actor=request.user, claim_id=claim.pk, expected_version=version)
            undo.offer(request, _("Draft claim deleted."), kind="rehab_work.claim_delete", pk=claim.pk, state=period)
            return redirect("rehab_work:claim_list")
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(claim)


@login_required
def claim_submit(request, pk):
    return _object_form_page(
        request,
        _claim_or_404(request, pk),
        ClaimSubmitForm,
        services.claim_submit,
        title=_("Claim submitted to KEHA"),
        success=_("Claim marked as submitted."),
        initial={"submitted_on": timezone.localdate()},
    )


@login_required
def claim_paid(request, pk):
    return _object_form_page(
        request,
        _claim_or_404(request, pk),
        ClaimPaidForm,
        services.claim_mark_paid,
        title=_("Claim paid"),
        success=_("Payment recorded."),
        initial={"paid_on": timezone.localdate()},
    )


@login_required
def claim_export(request, pk, fmt):
    claim = _claim_or_404(request, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    rows = list(selectors.claim_breakdown(claim))
    days = list(selectors.claim_days(claim))
    national_ids = {d.client_id: document_national_id(request.user, d.client, "keha_claim") for d in days}
    log_access_many(
        request=request,
        client_ids=list(national_ids),
        action="pdf" if fmt == "pdf" else "export",
        what=f"KEHA compensation claim {claim.pk}",
    )
    filename = f"keha-tilitys-{claim.period_start:%Y-%m-%d}-{claim.pk}"
    if fmt == "xlsx":
        return exports.xlsx_response(
            exports.claim_workbook(claim, rows, days, national_ids), f"{filename}-erittely"
        )
    for row in rows:
        row["national_id"] = national_ids.get(row["client_id"], "")
    pdf = render_pdf("rehab_work/pdf/claim.html", {"claim": claim, "rows": rows}, request=request)
    return pdf_response(pdf, filename)
