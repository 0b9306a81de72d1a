"""Every change to activation figures and plans goes through here (docs/design.md).

Each service checks the role, validates everything before writing anything, writes the change history
with the actor as author and runs in one transaction: a refused call leaves nothing behind.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from joutsa_tyollisyys.formatting import format_date
from joutsa_tyollisyys.services import lock_for_update, require, save_audited

from . import rules
from .enums import PARTIES, PLAN_TRANSITIONS, EndReason, PlanKind, PlanStatus
from .models import ActivationFigures, ActivationPlan, PlanReview, PlanTask
from .selectors import plan_kind_for

FIGURE_FIELDS = (
    "checked_on",
    "subsidy_days_12m",
    "subsidy_days_total",
    "income_support_months",
    "receives_unemployment_benefit",
    "receives_income_support",
)
PLAN_FIELDS = (
    "starts_on",
    "review_by",
    "goals",
    "rehab_goal",
    "support",
    "municipality_party",
    "employment_party",
    "kela_party",
)
TASK_FIELDS = (
    "service_type",
    "description",
    "place",
    "hours_per_day",
    "days_per_week",
    "starts_on",
    "length_months",
)
REHAB_REQUIRED = ("place", "hours_per_day", "days_per_week", "starts_on", "length_months")
#: The signature recorded for each party when the plan is agreed.
SIGNATURE_OF = {
    "municipality_party": "municipality_signed",
    "employment_party": "employment_signed",
    "kela_party": "kela_signed",
}


def task_error_key(index: int, field: str | None) -> str:
    """Errors of the plan's rows are keyed ``tasks-<row>-<field>`` (the view puts them beside the field)."""
    return f"tasks-{index}-{field or '__all__'}"


def _not_in_future(errors, field, day, message):
    if day and day > timezone.localdate():
        errors.setdefault(field, []).append(message)


@transaction.atomic
def figures_save(
    *, actor, client_id: int, expected_version: int | None = None, **values
) -> ActivationFigures:
    """Record the client's figures for the activation condition (creates or updates the one row)."""
    client = Client.objects.select_related("responsible_worker").get(pk=client_id)
    require(actor, "activation.edit_figures", client)
    unknown = set(values) - set(FIGURE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    existing = ActivationFigures.objects.filter(client=client).values_list("pk", flat=True).first()
    figures = (
        lock_for_update(ActivationFigures, existing, expected_version)
        if existing
        else ActivationFigures(client=client)
    )
    for name, value in values.items():
        setattr(figures, name, value)
    errors = {}
    _not_in_future(
        errors, "checked_on", figures.checked_on, _("The figures cannot be checked in the future.")
    )
    if (figures.subsidy_days_12m or 0) > (figures.subsidy_days_total or 0):
        errors["subsidy_days_12m"] = [_("The days in the last 12 months cannot exceed the days in total.")]
    if errors:
        raise ValidationError(errors)
    figures.checked_by = actor
    return save_audited(figures, actor=actor)


def _validate_plan(kind, fields: dict, tasks: list[dict]) -> dict:
    errors: dict[str, list] = {}
    starts_on, review_by = fields.get("starts_on"), fields.get("review_by")
    if not starts_on:
        errors["starts_on"] = [_("Give the start date of the plan.")]
    if not review_by:
        errors["review_by"] = [_("Give the date by which the plan is reviewed.")]
    elif starts_on and review_by <= starts_on:
        errors["review_by"] = [_("The review date must be after the start date of the plan.")]
    for party in PARTIES[kind]:
        if not (fields.get(party) or "").strip():
            errors[party] = [_("Name the party: a plan of this kind is drawn up with them.")]
    if not tasks:
        errors["tasks"] = [_("Add at least one task or service to the plan.")]
    for index, task in enumerate(tasks):
        service_type = task.get("service_type")
        if service_type is None:
            errors[task_error_key(index, "service_type")] = [_("Choose the service.")]
            continue
        if not service_type.is_rehabilitative_work:
            continue
        missing = [name for name in REHAB_REQUIRED if task.get(name) in (None, "")]
        for name in missing:
            errors[task_error_key(index, name)] = [_("Rehabilitative work needs this detail.")]
        if "starts_on" in missing:
            continue
        for name, messages in rules.rehab_row_errors(
            hours_per_day=task.get("hours_per_day"),
            days_per_week=task.get("days_per_week"),
            length_months=task.get("length_months"),
            starts_on=task["starts_on"],
        ).items():
            errors.setdefault(task_error_key(index, name), messages)
        if starts_on and task["starts_on"] < starts_on:
            errors[task_error_key(index, "starts_on")] = [
                _("Rehabilitative work cannot start before the plan starts.")
            ]
    return errors


def _write_plan(plan, *, actor, fields, tasks):
    kind = plan_kind_for(plan.client, fields.get("starts_on") or plan.starts_on or timezone.localdate())
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Unknown plan fields: {sorted(unknown)}")
    errors = _validate_plan(kind, fields, tasks)
    if errors:
        raise ValidationError(errors)
    plan.kind = kind
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    if kind == PlanKind.ACTIVATION:
        plan.kela_party = ""
    save_audited(plan, actor=actor)
    plan.tasks.all().delete()
    rows = []
    for order, task in enumerate(tasks):
        row = PlanTask(plan=plan, order=order, **{k: v for k, v in task.items() if k in TASK_FIELDS})
        if not row.service_type.is_rehabilitative_work:
            row.hours_per_day = row.days_per_week = row.length_months = None
        row._history_user = actor
        row.full_clean(exclude=["plan"])
        row.save()
        rows.append(row)
    return plan


@transaction.atomic
def plan_draft(*, actor, client_id: int, tasks: list[dict], **fields) -> ActivationPlan:
    """Draft a plan with the client: an activation plan, or a multi-agency plan for a TYP client."""
    client = Client.objects.select_related("responsible_worker").get(pk=client_id)
    require(actor, "activation.manage_plans", client)
    plan = ActivationPlan(client=client, status=PlanStatus.DRAFT, created_by=actor)
    return _write_plan(plan, actor=actor, fields=fields, tasks=tasks)


def _locked_plan(actor, plan_id, expected_version):
    plan = lock_for_update(ActivationPlan, plan_id, expected_version)
    require(actor, "activation.manage_plans", plan.client)
    return plan


def _check_transition(plan, new_status):
    if new_status not in PLAN_TRANSITIONS[PlanStatus(plan.status)]:
        raise ValidationError(
            _("A plan cannot move from “%(old)s” to “%(new)s”.")
            % {"old": plan.get_status_display(), "new": PlanStatus(new_status).label}
        )


@transaction.atomic
def plan_update(
    *, actor, plan_id: int, expected_version: int | None, tasks: list[dict], **fields
) -> ActivationPlan:
    """Change a draft (its rows are replaced by ``tasks``). An agreed plan is changed by a new plan."""
    plan = _locked_plan(actor, plan_id, expected_version)
    if not plan.is_draft:
        raise ValidationError(_("Only a draft can be changed: an agreed plan is replaced by a new one."))
    return _write_plan(plan, actor=actor, fields=fields, tasks=tasks)


@transaction.atomic
def plan_agree(
    *,
    actor,
    plan_id: int,
    expected_version: int | None,
    agreed_on,
    client_signed: bool = False,
    municipality_signed: bool = False,
    employment_signed: bool = False,
    kela_signed: bool = False,
) -> ActivationPlan:
    """Agree a draft: the parties' signatures are recorded and the plan in force until now ends."""
    plan = _locked_plan(actor, plan_id, expected_version)
    _check_transition(plan, PlanStatus.AGREED)
    signed = {
        "client_signed": client_signed,
        "municipality_signed": municipality_signed,
        "employment_signed": employment_signed,
        "kela_signed": kela_signed,
    }
    errors = {}
    if not agreed_on:
        errors["agreed_on"] = [_("Give the date the plan was agreed.")]
    _not_in_future(errors, "agreed_on", agreed_on, _("A plan cannot be agreed in the future."))
    if not client_signed:
        errors["client_signed"] = [_("The client signs the plan: record the signature.")]
    for party in PARTIES[PlanKind(plan.kind)]:
        if not signed[SIGNATURE_OF[party]]:
            errors[SIGNATURE_OF[party]] = [_("Every party signs the plan: record this signature.")]
    previous = list(
        ActivationPlan.objects.select_for_update(of=("self",))
        .filter(client_id=plan.client_id, status=PlanStatus.AGREED)
        .exclude(pk=plan.pk)
    )
    for old in previous:
        if agreed_on and old.agreed_on and agreed_on < old.agreed_on:
            errors.setdefault("agreed_on", []).append(
                _("The plan in force was agreed on %(date)s: the new plan cannot be agreed before it.")
                % {"date": format_date(old.agreed_on)}
            )
    if not plan.tasks.exists():
        errors["tasks"] = [_("Add at least one task or service to the plan.")]
    if errors:
        raise ValidationError(errors)
    for old in previous:
        old.status, old.ended_on, old.end_reason = PlanStatus.ENDED, agreed_on, EndReason.REPLACED
        save_audited(old, actor=actor)
    plan.status, plan.agreed_on = PlanStatus.AGREED, agreed_on
    for name, value in signed.items():
        setattr(plan, name, bool(value))
    return save_audited(plan, actor=actor)


@transaction.atomic
def plan_end(
    *, actor, plan_id: int, expected_version: int | None, ended_on, reason: str, note: str = ""
) -> ActivationPlan:
    plan = _locked_plan(actor, plan_id, expected_version)
    _check_transition(plan, PlanStatus.ENDED)
    errors = {}
    if reason not in EndReason.values or reason == EndReason.REPLACED:
        errors["reason"] = [_("Choose the reason for ending the plan.")]
    if not ended_on:
        errors["ended_on"] = [_("Give the date the plan ended.")]
    else:
        _not_in_future(errors, "ended_on", ended_on, _("The end date cannot be in the future."))
        if plan.agreed_on and ended_on < plan.agreed_on:
            errors.setdefault("ended_on", []).append(_("A plan cannot end before it was agreed."))
    if reason == EndReason.OTHER and not note.strip():
        errors["note"] = [_("Tell in a few words why the plan ended.")]
    if errors:
        raise ValidationError(errors)
    plan.status, plan.ended_on, plan.end_reason, plan.end_note = (
        PlanStatus.ENDED,
        ended_on,
        reason,
        note.strip(),
    )
    return save_audited(plan, actor=actor)


@transaction.atomic
def plan_review(
    *, actor, plan_id: int, expected_version: int | None, reviewed_on, next_review_by, notes: str = ""
) -> PlanReview:
    """Record that the plan in force was reviewed with the client and set the next review date."""
    plan = _locked_plan(actor, plan_id, expected_version)
    if plan.status != PlanStatus.AGREED:
        raise ValidationError(_("Only a plan in force is reviewed."))
    errors = {}
    _not_in_future(errors, "reviewed_on", reviewed_on, _("A review cannot be recorded in the future."))
    if reviewed_on and plan.agreed_on and reviewed_on < plan.agreed_on:
        errors.setdefault("reviewed_on", []).append(_("A plan cannot be reviewed before it was agreed."))
    if reviewed_on and next_review_by and next_review_by <= reviewed_on:
        errors["next_review_by"] = [_("The next review date must be after this review.")]
    if errors:
        raise ValidationError(errors)
    review = PlanReview(
        plan=plan, reviewed_on=reviewed_on, next_review_by=next_review_by, notes=notes, reviewed_by=actor
    )
    save_audited(review, actor=actor)
    plan.review_by = next_review_by
    save_audited(plan, actor=actor)
    return review
