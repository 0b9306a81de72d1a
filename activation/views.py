
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clients.enums import Language, MainIncome
from clients.models import Client
from clients.rules import UNEMPLOYMENT_BENEFITS
from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.access_logging import log_persons
from joutsa_tyollisyys.dates import add_months
from joutsa_tyollisyys.law import law_on
from joutsa_tyollisyys.pdf import pdf_response, render_pdf
from joutsa_tyollisyys.services import sent_version
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm

from . import selectors, services
from .enums import PLAN_TRANSITIONS, PlanKind, PlanStatus
from .forms import AgreeForm, EndForm, FiguresForm, PlanForm, ReviewForm, TaskFormSet, task_initial
from .models import ActivationPlan

DEFAULT_REVIEW_MONTHS = 6


def _client_or_404(request, pk, perm):
    client = get_object_or_404(
        Client.objects.select_related("responsible_worker", "responsible_worker__team"), pk=pk
    )
    check_perm(request.user, perm, client)
    return client


def _plan_or_404(request, pk, perm="activation.manage_plans"):
    try:
        plan = selectors.plan_for_page(pk)
    except ActivationPlan.DoesNotExist:
        raise Http404 from None
    check_perm(request.user, perm, plan.client)
    return plan


def _client_section_url(client):
    return f"{client.get_absolute_url()}#activation"


@login_required
def figures_edit(request, pk):
    client = _client_or_404(request, pk, "activation.edit_figures")
    figures = selectors.client_figures(client)
    initial = (
        {}
        if figures
        else {
            "checked_on": timezone.localdate(),
            "receives_unemployment_benefit": client.main_income
            in UNEMPLOYMENT_BENEFITS,
            "receives_income_support": client.main_income == MainIncome.INCOME_SUPPORT,
        }
    )
    form = FiguresForm(request.POST or None, instance=figures, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.figures_save(
                actor=request.user, client_id=client.pk, expected_version=sent_version(version) if figures else None,
                **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Figures saved."))
            return redirect(_client_section_url(client))
    else:
        log_access(request=request, client=client, action="view", what="activation figures")
    return render(
        request,
        "clients/simple_form.html",
        {
            "form": form,
            "client": client,
            "title": _("Figures for the activation condition"),
        },
    )


def _add_plan_errors(form, formset, error: ValidationError) -> list[str]:
    """Put the service's errors beside their fields (rows' errors beside the row's field).

    Returns the errors that concern the rows as a whole ("add at least one task").
    """
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return []
    rows, row_errors, plain = formset.filled_forms(), [], {}
    for key, errors in error.error_dict.items():
        if key == "tasks":
            row_errors += [m for e in errors for m in e.messages]
        elif key.startswith("tasks-"):
            _prefix, index, field = key.split("-", 2)
            for e in errors:
                rows[int(index)].add_error(None if field == "__all__" else field, e)
        else:
            plain[key] = errors
    if plain:
        add_service_errors(form, ValidationError(plain))
    return row_errors


def _plan_form_page(request, client, plan=None):
    """Draft a new plan or change a draft: the plan's fields and its rows, saved together or not at all."""
    today = timezone.localdate()
    kind = selectors.plan_kind_for(client, plan.starts_on if plan else today)
    initial = (
        {}
        if plan
        else {
            "starts_on": today,
            "review_by": add_months(today, DEFAULT_REVIEW_MONTHS),
            "municipality_party": request.user.get_full_name(),
        }
    )
    form = PlanForm(
        request.POST or None,
        instance=plan,
        initial=initial,
        kind=kind,
        employment_authority=law_on(plan.starts_on if plan else today).employment_authority,
    )
    formset = TaskFormSet(request.POST or None, prefix="tasks", initial=task_initial(plan) if plan else None)
    row_errors = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if plan:
                saved = services.plan_update(
                    actor=request.user,
                    plan_id=plan.pk,
                    expected_version=sent_version(form.cleaned_data["version"]),
                    tasks=formset.rows(),
                    **data,
                )
            else:
                saved = services.plan_draft(
                    actor=request.user, client_id=client.pk, tasks=formset.rows(), **data
                )
        except ValidationError as error:
            row_errors = _add_plan_errors(form, formset, error)
        else:
            messages.success(request, _("Plan saved as a draft."))
            return redirect(saved)
    elif request.method != "POST":
        log_access(request=request, client=client, action="view", what="activation plan form")
    return render(
        request,
        "activation/plan_form.html",
        {
            "form": form,
            "formset": formset,
            "row_errors": row_errors,
            "client": client,
            "plan": plan,
            "kind_label": PlanKind(kind).label,
        },
    )


@login_required
def plan_create(request, pk):
    client = _client_or_404(request, pk, "activation.manage_plans")
    return _plan_form_page(request, client)


@login_required
def plan_edit(request, plan_pk):
    plan = _plan_or_404(request, plan_pk)
    if not plan.is_draft:
        messages.error(request, _("Only a draft can be changed: an agreed plan is replaced by a new one."))
        return redirect(plan)
    return _plan_form_page(request, plan.client, plan)


@login_required
def plan_detail(request, plan_pk):
    plan = _plan_or_404(request, plan_pk, "activation.view_plans")
    log_access(request=request, client=plan.client, action="view", what="activation plan")
    can_manage = request.user.has_perm("activation.manage_plans", plan.client)
    return render(
        request,
        "activation/plan_detail.html",
        {
            "plan": plan,
            "client": plan.client,
            "history": selectors.plan_history(plan),
            "law": law_on(plan.agreed_on or plan.starts_on),
            "can_manage": can_manage,
            "can_agree": can_manage and PlanStatus.AGREED in _next_states(plan),
            "can_end": can_manage and PlanStatus.ENDED in _next_states(plan),
            "can_review": can_manage and plan.status == PlanStatus.AGREED,
        },
    )


def _next_states(plan):
    return PLAN_TRANSITIONS[PlanStatus(plan.status)]


def _plan_action(request, plan_pk, *, form_class, service, title, done, form_kwargs=None, initial=None):
    """GET: the action's form; POST: the service call (the plan's version guards against lost updates)."""
    plan = _plan_or_404(request, plan_pk)
    form = form_class(
        request.POST or None,
        initial={"version": plan.version, **(initial or {})},
        **(form_kwargs(plan) if form_kwargs else {}),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            service(actor=request.user, plan_id=plan.pk, expected_version=sent_version(version), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(plan)
    log_persons(request, client_ids=[plan.client_id], what=f"activation plan: {title}")
    return render(
        request,
        "activation/plan_action.html",
        {
            "form": form,
            "plan": plan,
            "client": plan.client,
            "title": title,
        },
    )


@login_required
def plan_agree(request, plan_pk):
    return _plan_action(
        request,
        plan_pk,
        form_class=AgreeForm,
        service=services.plan_agree,
        title=_("Agree the plan"),
        done=_("The plan is agreed and in force."),
        form_kwargs=lambda plan: {"plan": plan},
        initial={"agreed_on": timezone.localdate()},
    )


@login_required
def plan_end(request, plan_pk):
    return _plan_action(
        request,
        plan_pk,
        form_class=EndForm,
        service=services.plan_end,
        title=_("End the plan"),
        done=_("The plan has ended."),
        initial={"ended_on": timezone.localdate()},
    )


@login_required
def plan_review(request, plan_pk):
    today = timezone.localdate()
    return _plan_action(
        request,
        plan_pk,
        form_class=ReviewForm,
        service=services.plan_review,
        title=_("Record a review"),
        done=_("Review recorded."),
        initial={"reviewed_on": today, "next_review_by": add_months(today, DEFAULT_REVIEW_MONTHS)},
    )


@login_required
def plan_pdf(request, plan_pk):
    """The plan for signing and for the client: in Swedish for a Swedish-speaking client, else Finnish."""
    plan = _plan_or_404(request, plan_pk, "activation.view_plans")
    language = "sv" if plan.client.language == Language.SV else "fi"
    with translation.override(language):
        condition = selectors.condition_for(plan.client, plan.agreed_on or plan.starts_on)
        pdf = render_pdf(
            "activation/pdf/plan.html",
            {
                "plan": plan,
                "client": plan.client,
                "condition": condition,
                "law": law_on(plan.agreed_on or plan.starts_on),
                "language": language,
            },
            request=request,
        )
    log_access(request=request, client=plan.client, action="pdf", what="activation plan")
    return pdf_response(
        pdf, f"{'aktiveringsplan' if language == 'sv' else 'aktivointisuunnitelma'}-{plan.pk}"
    )


def _list_page(request, template, selector, **extra):
    """A work list of the user's own clients, or (``?scope=all``) of every client the user may see."""
    check_perm(request.user, "activation.use_lists")
    mine_only = request.GET.get("scope") != "all"
    rows = selector(request.user, mine_only=mine_only)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "mine_only": mine_only, "query": "" if mine_only else "scope=all", **extra}
    log_persons(request, page, what=f"activation list: {template}")
    return render(request, template, context)


@login_required
def work_queue(request):
    return _list_page(request, "activation/work_queue.html", selectors.clients_meeting_condition_without_plan)


@login_required
def reviews_due(request):
    return _list_page(
        request, "activation/reviews_due.html", selectors.reviews_due, today=timezone.localdate()
    )
