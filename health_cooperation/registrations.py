"""The client-page section, the front-page panels and the navigation item of this app."""

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


def _summary_fetch(request, client):
    """Only the client's own workers see this section (health data). The client page logs the read once."""
    if not request.user.has_perm("health_cooperation.view_client_health", client):
        return None
    return selectors.client_page_section(timezone.localdate())


def _summary(request, client, data):
    return {
        **selectors.health_summary(data, timezone.localdate()),
        "can_change": request.user.has_perm("health_cooperation.change_client_health", client),
    }


def _investigations_fetch(request):
    return {"investigations": RelatedRows(selectors.my_open_investigations(request.user), related=("client",))}


def _investigations(request, data):
    return {"investigations": data["investigations"]}  # the front page logs the persons its panels show


def _next_steps_fetch(request):
    return {"steps": RelatedRows(selectors.my_open_next_steps(request.user), related=("booking__client",))}


def _next_steps(request, data):
    return {"steps": data["steps"], "today": timezone.localdate()}


register_client_section(
    ClientSection(
        "health",
        _("Health and social services cooperation"),
        "health_cooperation/sections/summary.html",
        _summary,
        30,
        _summary_fetch,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "pension_investigations",
        _("Open pension investigations"),
        "health_cooperation/panels/investigations.html",
        _investigations,
        WORKERS,
        40,
        _investigations_fetch,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "sote_next_steps",
        _("Next steps from the sote team"),
        "health_cooperation/panels/next_steps.html",
        _next_steps,
        WORKERS,
        45,
        _next_steps_fetch,
    )
)
register_nav_item(NavItem(_("Health and sote"), "health_cooperation:index", WORKERS, 40))
register_admin_models(
    "health_cooperation.examinationtype",
    "health_cooperation.soteteamschedule",
    "health_cooperation.healthcooperationsettings",
)


#: The app's part of a client's data export, guarded by its client-page section's permission.
register_model_parts("health_cooperation.view_client_health", [
    ("health_checks", _("Health-check referrals"), "health_cooperation.HealthCheckReferral", "client"),
    ("guided_referrals", _("Guided referrals"), "health_cooperation.GuidedReferral", "client"),
    ("sote_bookings", _("Sote team bookings"), "health_cooperation.SoteBooking", "client"),
    ("sote_next_steps", _("Sote team next steps"), "health_cooperation.SoteNextStep", "booking__client"),
    ("pension_investigations", _("Pension investigations"), "health_cooperation.PensionInvestigation", "client"),
    ("pension_examinations", _("Pension examinations"),
     "health_cooperation.PensionExamination", "investigation__client"),
], order=200)
