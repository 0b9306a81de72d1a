"""Thin views: a form in, a service call, a redirect. Permissions are checked here for the page and again
in the services for the change."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.models import Client
from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.pdf import pdf_response, render_pdf
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm

from . import forms, rules, selectors, services
from .enums import OPEN_STATUSES, CaseStatus, ClaimStatus
from .models import ObligationCase, WageSubsidyClaim


def _case(request, pk, perm="obligation_employment.view_case"):
    case = get_object_or_404(
        ObligationCase.objects.select_related("client", "client__responsible_worker", "handler"), pk=pk
    )
    check_perm(request.user, perm, case.client)
    return case


def _claim(request, pk):
    claim = get_object_or_404(
        WageSubsidyClaim.objects.select_related("case", "case__client", "case__handler"), pk=pk
    )
    check_perm(request.user, "obligation_employment.manage_claims", claim.case.client)
    return claim


@login_required
def case_list(request):
    check_perm(request.user, "obligation_employment.list_cases")
    form = forms.CaseFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else "open"
    page = Paginator(selectors.case_list(status=status), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "obligation_employment/case_list.html",
        {
            "form": form,
            "page": page,
            "query": f"status={status}",
            "can_claims": request.user.has_perm("obligation_employment.manage_claims"),
        },
    )


@login_required
def meeting_list(request):
    check_perm(request.user, "obligation_employment.record_meeting_decision")
    return render(
        request,
        "obligation_employment/meeting_list.html",
        {
            "cases": selectors.cases_awaiting_meeting(),
            "can_claims": request.user.has_perm("obligation_employment.manage_claims"),
        },
    )


@login_required
def claim_list(request):
    check_perm(request.user, "obligation_employment.manage_claims")
    return render(
        request,
        "obligation_employment/claim_list.html",
        {
            "claims": selectors.claims_to_make(),
            "awaiting_payment": selectors.claims_awaiting_payment(),
            "reminder_days": rules.REMINDER_DAYS,
        },
    )


@login_required
def case_detail(request, pk):
    case = _case(request, pk)
    user = request.user
    can_manage = user.has_perm("obligation_employment.manage_case", case.client)
    log_access(request=request, client=case.client, action="view", what="obligation employment case")
    return render(
        request,
        "obligation_employment/case_detail.html",
        {
            "case": case,
            "eligibility": services.eligibility_of(case.client, case.allowance_end_date),
            "claims": selectors.case_claims(case),
            "history": selectors.case_history(case) if can_manage else None,
            "can_manage": can_manage,
            "can_claims": user.has_perm("obligation_employment.manage_claims", case.client),
            "next_step": _next_step(user, case),
            "can_close": case.is_open and can_manage,
        },
    )


#: The step that moves a case on from each status (closing is offered separately).
NEXT_STEP = {
    CaseStatus.AWAITING_MEETING: "meeting",
    CaseStatus.WORK_CHOSEN: "application",
    CaseStatus.APPLICATION_SENT: "decision",
    CaseStatus.DECISION_RECEIVED: "contract",
}


def _next_step(user, case):
    key = NEXT_STEP.get(CaseStatus(case.status))
    if key is None or not user.has_perm(CASE_STEPS[key].perm, case.client):
        return None
    return {"url": reverse(f"obligation_employment:{key}", args=[case.pk]), "label": CASE_STEPS[key].title}


@login_required
def notice_create(request, client_pk):
    client = get_object_or_404(Client, pk=client_pk)
    check_perm(request.user, "obligation_employment.manage_case", client)
    form = forms.NoticeForm(request.POST or None, initial={"notice_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        data.pop("expected_version")
        try:
            case = services.notice_register(actor=request.user, client_id=client.pk, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Employment notice registered. The case is listed for the supervisors' meeting.")
            )
            return redirect(case)
    log_access(request=request, client=client, action="view", what="employment notice form")
    return render(
        request,
        "obligation_employment/step_form.html",
        {
            "form": form,
            "client": client,
            "title": _("Register an employment notice"),
            "open_case": selectors.client_cases(client).filter(status__in=OPEN_STATUSES).first(),
            "turns_min_age": rules.birthday(client.birth_date, rules.OBLIGATION_MIN_AGE),
            "turns_max_age": rules.birthday(client.birth_date, rules.OBLIGATION_MAX_AGE),
        },
    )


@dataclass(frozen=True)
class Step:
    """One step of a case or a claim: its form, service, permission and the status it moves to."""

    form: type
    service: object
    perm: str
    to: str
    title: str
    done: str
    initial: object = None  # callable(obj) -> dict


def _run_step(request, obj, client, step: Step, *, id_kwarg: str, back, template_context: dict):
    try:
        services.check_transition(obj, step.to)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    initial = step.initial(obj) if step.initial else {}
    form = step.form(request.POST or None, instance=obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step.service(actor=request.user, **{id_kwarg: obj.pk}, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, step.done)
            return redirect(back)
    log_access(request=request, client=client, action="view", what=str(step.title))
    return render(
        request,
        "obligation_employment/step_form.html",
        {
            "form": form,
            "client": client,
            "title": step.title,
            "back": back,
            **template_context,
        },
    )


def _application_initial(case):
    start = rules.month_start(timezone.localdate(), 1)
    return {
        "application_sent_on": timezone.localdate(),
        "applied_start": start,
        "applied_end": rules.default_contract_end(start),
        "claim_period_months": 1,
    }


def _decision_initial(case):
    rate = services.rate_for(case.rate_category, case.applied_start)
    return {
        "decision_date": timezone.localdate(),
        "decision_start": case.applied_start,
        "decision_end": case.applied_end,
        "decision_rate": rate.percent if rate else None,
        "monthly_maximum": rate.monthly_maximum if rate else None,
    }


def _contract_initial(case):
    return {
        "contract_start": case.decision_start,
        "contract_end": rules.default_contract_end(case.decision_start),
        "contract_weekly_hours": case.weekly_hours,
    }


M = "obligation_employment."
CASE_STEPS = {
    "meeting": Step(
        forms.MeetingDecisionForm,
        services.meeting_decision_record,
        M + "record_meeting_decision",
        CaseStatus.WORK_CHOSEN,
        gettext_lazy("Decision of the supervisors' meeting"),
        gettext_lazy("The meeting's decision was recorded."),
        lambda case: {"meeting_date": timezone.localdate(), "weekly_hours": None},
    ),
    "application": Step(
        forms.ApplicationForm,
        services.application_record,
        M + "manage_case",
        CaseStatus.APPLICATION_SENT,
        gettext_lazy("Wage-subsidy application"),
        gettext_lazy("The wage-subsidy application was recorded."),
        _application_initial,
    ),
    "decision": Step(
        forms.DecisionForm,
        services.decision_record,
        M + "manage_case",
        CaseStatus.DECISION_RECEIVED,
        gettext_lazy("Wage-subsidy decision"),
        gettext_lazy("The decision was recorded and the payment claims laid out."),
        _decision_initial,
    ),
    "contract": Step(
        forms.ContractForm,
        services.contract_record,
        M + "manage_case",
        CaseStatus.EMPLOYED,
        gettext_lazy("Employment contract"),
        gettext_lazy("The employment contract was recorded: print it from the case page."),
        _contract_initial,
    ),
    "close": Step(
        forms.CloseForm,
        services.case_close,
        M + "manage_case",
        CaseStatus.CLOSED,
        gettext_lazy("Close the case"),
        gettext_lazy("The case was closed."),
        lambda case: {"closed_on": timezone.localdate()},
    ),
}

CLAIM_STEPS = {
    "wages": Step(
        forms.ClaimWagesForm,
        services.claim_compute,
        M + "manage_claims",
        ClaimStatus.SUBMITTED,
        gettext_lazy("Wage costs of the claim period"),
        gettext_lazy("The subsidy was computed: download the claim summary."),
    ),
    "submit": Step(
        forms.ClaimSubmitForm,
        services.claim_submit,
        M + "manage_claims",
        ClaimStatus.SUBMITTED,
        gettext_lazy("Claim sent"),
        gettext_lazy("The claim was marked as sent."),
        lambda claim: {"submitted_on": timezone.localdate(), "amount_claimed": claim.subsidy_amount},
    ),
    "paid": Step(
        forms.ClaimPaidForm,
        services.claim_mark_paid,
        M + "manage_claims",
        ClaimStatus.PAID,
        gettext_lazy("Claim paid"),
        gettext_lazy("The payment was recorded."),
        lambda claim: {"paid_on": timezone.localdate(), "amount_paid": claim.amount_claimed},
    ),
}


def _step_view(key):
    step = CASE_STEPS[key]

    @login_required
    def view(request, pk):
        case = _case(request, pk, step.perm)
        return _run_step(
            request,
            case,
            case.client,
            step,
            id_kwarg="case_id",
            back=case.get_absolute_url(),
            template_context={"case": case},
        )

    view.__name__ = f"case_{key}"
    return view


def _claim_step_view(key):
    step = CLAIM_STEPS[key]

    @login_required
    def view(request, pk):
        claim = _claim(request, pk)
        calculation = services.calculation_of(claim)
        return _run_step(
            request,
            claim,
            claim.case.client,
            step,
            id_kwarg="claim_id",
            back=claim.case.get_absolute_url(),
            template_context={"case": claim.case, "claim": claim, "calculation": calculation},
        )

    view.__name__ = f"claim_{key}"
    return view


meeting_decision = _step_view("meeting")
application = _step_view("application")
decision = _step_view("decision")
contract = _step_view("contract")
close = _step_view("close")
claim_wages = _claim_step_view("wages")
claim_submit = _claim_step_view("submit")
claim_paid = _claim_step_view("paid")


@login_required
def contract_pdf(request, pk):
    case = _case(request, pk, "obligation_employment.manage_case")
    if case.contract_start is None:
        messages.error(request, _("No employment contract has been recorded yet."))
        return redirect(case)
    pdf = render_pdf(
        "obligation_employment/pdf/contract.html", {"case": case, "client": case.client}, request=request
    )
    log_access(request=request, client=case.client, action="pdf", what="employment contract")
    return pdf_response(pdf, f"tyosopimus-{case.pk}")


@login_required
def claim_pdf(request, pk):
    claim = _claim(request, pk)
    calculation = services.calculation_of(claim)
    if calculation is None:
        messages.error(request, _("Enter the period's wage costs first: the subsidy is computed from them."))
        return redirect(claim.case)
    pdf = render_pdf(
        "obligation_employment/pdf/claim_summary.html",
        {"claim": claim, "case": claim.case, "client": claim.case.client, "calculation": calculation},
        request=request,
    )
    log_access(request=request, client=claim.case.client, action="pdf", what="wage-subsidy claim summary")
    return pdf_response(pdf, f"maksatushakemus-{claim.case_id}-{claim.number}")
