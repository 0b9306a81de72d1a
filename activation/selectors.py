"""Reads for activation pages, and for the apps that build on plans (rehab_work, reporting).

One queryset per page; the activation condition is computed in Python by ``rules.activation_condition``
from rows fetched in one query.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from clients.enums import ClientStatus
from clients.models import Client
from clients.selectors import clients_as_of, visible_clients
from joutsa_tyollisyys.history import describe_history
from joutsa_tyollisyys.law import law_on
from joutsa_tyollisyys.rows import RelatedRows

from . import rules
from .enums import PlanStatus
from .models import ActivationFigures, ActivationPlan, PlanTask

REVIEW_WINDOW_DAYS = 30


def in_force_q(on: date, prefix: str = "") -> Q:
    """Plans in force on ``on``: agreed by then and not ended by then (``prefix`` for related lookups)."""
    p = prefix
    return Q(**{f"{p}agreed_on__lte": on}) & (
        Q(**{f"{p}status": PlanStatus.AGREED}) | Q(**{f"{p}status": PlanStatus.ENDED, f"{p}ended_on__gt": on})
    )


def plan_in_force(client, on: date | None = None) -> ActivationPlan | None:
    """The client's activation or multi-agency plan in force on ``on`` (today by default), with its rows."""
    on = on or timezone.localdate()
    client_id = getattr(client, "pk", client)
    return (
        ActivationPlan.objects.filter(in_force_q(on), client_id=client_id)
        .prefetch_related(Prefetch("tasks", PlanTask.objects.select_related("service_type")))
        .order_by("-agreed_on", "-pk")
        .first()
    )


def clients_with_plan_in_force(client_ids, on: date) -> set[int]:
    """Of ``client_ids``, those with an activation or multi-agency plan in force on ``on`` (one query)."""
    return set(ActivationPlan.objects.filter(in_force_q(on), client_id__in=list(client_ids))
               .values_list("client_id", flat=True))


def plans_in_force_count(on: date | None = None, *, kind: str | None = None) -> int:
    """How many clients have a plan in force on ``on`` (for the monthly report)."""
    qs = ActivationPlan.objects.filter(in_force_q(on or timezone.localdate()))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.values("client_id").distinct().count()


def client_page_section():
    """The client page's activation section (annotations on the client's row, see ClientSection.fetch)."""
    return {
        "plans": RelatedRows(ActivationPlan.objects.filter(client=OuterRef("pk")).order_by("-created_at", "-pk")),
        "figures": RelatedRows(ActivationFigures.objects.filter(client=OuterRef("pk")), related=("checked_by",)),
    }


def plan_for_page(pk):
    return (
        ActivationPlan.objects.select_related(
            "client", "client__responsible_worker", "client__responsible_worker__team", "created_by"
        )
        .prefetch_related(
            Prefetch("tasks", PlanTask.objects.select_related("service_type")), "reviews__reviewed_by"
        )
        .get(pk=pk)
    )


def client_figures(client) -> ActivationFigures | None:
    return ActivationFigures.objects.filter(client=client).select_related("checked_by").first()


@dataclass
class ConditionView:
    """What the client page shows: the figures, the rule's answer and who starts the process."""

    figures: ActivationFigures | None
    result: rules.ConditionResult | None
    starter_label: str | None


_READ = object()


def condition_for(client, on: date | None = None, figures: ActivationFigures | None = _READ) -> ConditionView:
    """``figures``: the client's figures if already read (``None``: the client has none)."""
    on = on or timezone.localdate()
    figures = client_figures(client) if figures is _READ else figures
    if figures is None:
        return ConditionView(None, None, None)
    starter = figures.starter(on)
    return ConditionView(
        figures,
        figures.condition(on, client.birth_date, client.main_income),
        str(rules.STARTER_LABELS[starter]) if starter else None,
    )


def plan_kind_for(client, on: date, figures=None) -> str:
    """The kind of the client's new plan under the law in force on ``on`` (``rules.plan_kind``);
    ``figures``: the client's activation figures if already read."""
    if figures is None:
        figures = getattr(client, "activation_figures", None)  # none yet: no figures say a benefit is paid
    return rules.plan_kind(
        typ_client=client.is_typ,
        benefit_recipient=rules.is_benefit_recipient(
            main_income=client.main_income,
            receives_unemployment_benefit=bool(figures and figures.receives_unemployment_benefit),
        ),
        income_support_only=law_on(on).activation_income_support_only,
    )


@dataclass
class QueueEntry:
    client: Client
    result: rules.ConditionResult
    has_draft: bool


def _scoped(user, mine_only: bool):
    qs = visible_clients(user)
    return qs.filter(responsible_worker=user) if mine_only else qs


def clients_meeting_condition_without_plan(user, on: date | None = None, *, mine_only: bool = True) -> list:
    """The coach's work queue: clients who meet the activation condition but have no plan in force.

    ``mine_only``: the user's own clients; otherwise every client the user may see.
    """
    on = on or timezone.localdate()
    return queue_entries(queue_candidates(user, on, mine_only=mine_only).select_related("activation_figures",
                                                                                        "responsible_worker"), on)


def queue_candidates(user, on: date, *, mine_only: bool = True):
    """Clients with figures and no plan in force on ``on`` (annotated ``has_draft``): the condition is then
    checked in Python by ``queue_entries`` (on ``client.activation_figures``)."""
    return _candidates(_scoped(user, mine_only), on)


def waiting_client_ids(on: date) -> list[int]:
    """Every client who meets the activation condition under the law in force on ``on`` and has no plan in
    force then (the monthly report's figure; the work queue's rule without the user's scope)."""
    # The clients there and not archived at the end of ``on`` (what was true then, not now).
    existing = clients_as_of(on).filter(status_on__in=[ClientStatus.NEW, ClientStatus.ACTIVE, ClientStatus.INACTIVE])
    candidates = _candidates(Client.objects.filter(pk__in=existing.values("pk")), on, archived_now=False)
    candidates = candidates.select_related("activation_figures")
    return [entry.client.pk for entry in queue_entries(candidates.only(
        "pk", "birth_date", "main_income", "activation_figures__subsidy_days_12m",
        "activation_figures__subsidy_days_total", "activation_figures__income_support_months",
        "activation_figures__receives_unemployment_benefit", "activation_figures__receives_income_support",
    ), on)]


def _candidates(clients, on: date, *, archived_now=True):
    plans = ActivationPlan.objects.filter(client_id=OuterRef("pk"))
    if archived_now:
        clients = clients.exclude(status=ClientStatus.ARCHIVED)
    return (
        clients
        .filter(activation_figures__isnull=False)
        .annotate(
            has_plan=Exists(plans.filter(in_force_q(on))),
            has_draft=Exists(plans.filter(status=PlanStatus.DRAFT)),
        )
        .filter(has_plan=False)
        .order_by("last_name", "first_name", "pk")
    )


def queue_entries(candidates, on: date) -> list:
    """The candidates that meet the activation condition on ``on``, as work-queue entries."""
    entries, law = [], law_on(on)
    for client in candidates:
        result = client.activation_figures.condition(on, client.birth_date, client.main_income, law)
        if result.met:
            entries.append(QueueEntry(client, result, client.has_draft))
    return entries


def reviews_due(user, on: date | None = None, *, mine_only: bool = True, days: int = REVIEW_WINDOW_DAYS):
    """Plans in force whose review date is within ``days`` or already past, soonest first."""
    on = on or timezone.localdate()
    clients = _scoped(user, mine_only)
    return (
        ActivationPlan.objects.filter(
            status=PlanStatus.AGREED, review_by__lte=on + timedelta(days=days), client__in=clients
        )
        .select_related("client", "client__responsible_worker")
        .order_by("review_by", "pk")
    )


def plan_history(plan, limit=30):
    """The plan's change history (who drafted, changed, agreed, reviewed and ended it), newest first."""
    return describe_history(plan.history.select_related("history_user").order_by("-history_date")[:limit])
