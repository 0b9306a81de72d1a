"""The activation section of the client page, the front-page panel and the navigation item."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.exports import register_model_parts
from joutsa_tyollisyys.extensions import (
    ClientSection,
    DashboardPanel,
    NavItem,
    register_admin_models,
    register_client_section,
    register_dashboard_panel,
    register_nav_item,
)
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.rows import RelatedRows

from . import selectors

WORKERS = frozenset({Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR})
PANEL_LIMIT = 8


def _section_fetch(request, client):
    if not request.user.has_perm("activation.view_plans", client):
        return None
    return selectors.client_page_section()


def _section(request, client, data):
    today = timezone.localdate()
    plans = data["plans"]
    figures = next(iter(data["figures"]), None)
    return {
        "condition": selectors.condition_for(client, today, figures=figures),
        "plans": plans,
        "in_force": next((plan for plan in plans if plan.is_in_force(today)), None),
        "new_kind": selectors.plan_kind_for(client, today, figures=figures or False),  # False: read, none
        "can_manage": request.user.has_perm("activation.manage_plans", client),
        "can_edit_figures": request.user.has_perm("activation.edit_figures", client),
    }


def _panel_fetch(request):
    if not request.user.has_perm("activation.use_lists"):
        return None
    return {
        "candidates": RelatedRows(selectors.queue_candidates(request.user, timezone.localdate()),
                                  related=("activation_figures",)),
        "reviews": RelatedRows(selectors.reviews_due(request.user), related=("client",), limit=PANEL_LIMIT + 1),
    }


def _panel(request, data):
    queue = selectors.queue_entries(data["candidates"], timezone.localdate())
    reviews = data["reviews"]
    return {
        "queue": queue[:PANEL_LIMIT],
        "queue_count": len(queue),
        "reviews": reviews[:PANEL_LIMIT],
        "more_reviews": len(reviews) > PANEL_LIMIT,
        "today": timezone.localdate(),
    }


register_client_section(
    ClientSection("activation", _("Activation plan"), "activation/section.html", _section, 5, _section_fetch)
)
register_dashboard_panel(
    DashboardPanel("activation", _("Activation plans"), "activation/panel.html", _panel, WORKERS, 25, _panel_fetch)
)
register_nav_item(NavItem(_("Activation"), "activation:work_queue", WORKERS, 30))
register_admin_models("activation.servicetype")


#: The app's part of a client's data export, guarded by its client-page section's permission.
register_model_parts("activation.view_plans", [
    ("activation_plans", _("Activation and multi-agency plans"), "activation.ActivationPlan", "client"),
    ("plan_tasks", _("Plan tasks"), "activation.PlanTask", "plan__client"),
    ("plan_reviews", _("Plan reviews"), "activation.PlanReview", "plan__client"),
    ("activation_figures", _("Activation figures"), "activation.ActivationFigures", "client"),
], order=100)
