"""The app's client-page section, front-page panels, navigation and admin-managed models."""

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

from . import rules, selectors


def _client_cases_fetch(request, client):
    if not request.user.has_perm("obligation_employment.view_case", client):
        return None
    return selectors.client_page_section()


def _client_cases(request, client, data):
    user = request.user
    cases = data["cases"]
    can_register = user.has_perm("obligation_employment.manage_case", client)
    enabled = data["enabled"]
    if not cases and not (can_register and enabled):
        return None
    return {
        "cases": cases,
        "can_register": can_register and enabled and not any(c.is_open for c in cases),
        "turns_min_age": rules.birthday(client.birth_date, rules.OBLIGATION_MIN_AGE),
        "turns_max_age": rules.birthday(client.birth_date, rules.OBLIGATION_MAX_AGE),
        "client": client,
    }


def _meeting_panel(request):
    return {"cases": selectors.cases_awaiting_meeting()[:10]}


def _claims_panel(request):
    return {"claims": selectors.claims_due_soon(today=timezone.localdate())}


register_client_section(
    ClientSection(
        "obligation_employment",
        _("Obligation employment"),
        "obligation_employment/sections/client_cases.html",
        _client_cases,
        50,
        _client_cases_fetch,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "oe_claims",
        _("Wage-subsidy claims due"),
        "obligation_employment/panels/claims.html",
        _claims_panel,
        frozenset({Role.OFFICE_CLERK}),
        40,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "oe_meeting",
        _("Awaiting the supervisors' meeting"),
        "obligation_employment/panels/meeting.html",
        _meeting_panel,
        frozenset({Role.OFFICE_CLERK, Role.SOCIAL_COUNSELLOR}),
        45,
    )
)
register_nav_item(
    NavItem(
        _("Obligation employment"),
        "obligation_employment:case_list",
        frozenset({Role.OFFICE_CLERK, Role.SOCIAL_COUNSELLOR}),
        50,
    )
)
register_admin_models("obligation_employment.wagesubsidyrate", "obligation_employment.obligationsettings")


#: The app's part of a client's data export, guarded by its client-page section's permission.
register_model_parts("obligation_employment.view_case", [
    ("obligation_cases", _("Obligation employment cases"), "obligation_employment.ObligationCase", "client"),
    ("wage_subsidy_claims", _("Wage-subsidy claims"), "obligation_employment.WageSubsidyClaim", "case__client"),
], order=300)
