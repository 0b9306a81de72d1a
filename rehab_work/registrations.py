"""Rehabilitative work on the client page, the front page, the navigation and in admin (extension points)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

CASE_WORKERS = frozenset({Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR})


def _client_section_fetch(request, client):
    user = request.user
    if not (user.has_perm("clients.view_confidential", client) or user.has_perm("rehab_work.view_attendance_totals")):
        return None
    return selectors.client_agreements_rows()


def _client_section(request, client, data):
    user = request.user
    return {
        "agreements": data["agreements"],
        "can_open": user.has_perm("clients.view_confidential", client),
        "can_draft": user.has_perm("rehab_work.draft_agreement", client),
        "client": client,
    }


def _overdue_panel_fetch(request):
    return {
        "evaluations": RelatedRows(selectors.overdue_evaluations(request.user), related=("client",), limit=5),
        "no_next_step": RelatedRows(selectors.ending_without_next_step(request.user), related=("client",), limit=5),
    }


def _overdue_panel(request, data):
    return data


def _decisions_panel(request):
    return {"agreements": selectors.decision_queue(request.user)[:10], "me": request.user}


def _claims_panel(request):
    return {
        "unclaimed": selectors.unclaimed_days_shown()[0][:6],
        "waiting": selectors.claims_waiting_payment(),
        "today": timezone.localdate(),
    }


register_client_section(
    ClientSection(
        "rehab_work", _("Rehabilitative work"), "rehab_work/sections/client.html", _client_section, 40,
        _client_section_fetch,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "rehab_overdue",
        _("Rehabilitative work: follow-up due"),
        "rehab_work/panels/overdue.html",
        _overdue_panel,
        CASE_WORKERS,
        35,
        _overdue_panel_fetch,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "rehab_decisions",
        _("Decisions waiting"),
        "rehab_work/panels/decisions.html",
        _decisions_panel,
        frozenset({Role.SOCIAL_COUNSELLOR, Role.SUBSTITUTE_DECISION_MAKER}),
        5,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "rehab_claims",
        _("KEHA compensation claims"),
        "rehab_work/panels/claims.html",
        _claims_panel,
        frozenset({Role.OFFICE_CLERK}),
        10,
    )
)

# The main navigation's shorter name, "Työtoiminta" / "Arbetsverksamhet" like the placements' (the legal term is too
# long for one line of links at 1366 px; the pages and PDFs keep it).
register_nav_item(NavItem(pgettext_lazy("navigation", "Rehabilitative work"), "rehab_work:agreement_list",
                          CASE_WORKERS, 30))
register_nav_item(NavItem(_("KEHA claims"), "rehab_work:claim_list", frozenset({Role.OFFICE_CLERK}), 30))
register_nav_item(  # the substitute has no case role: their way to the agreements no counsellor may decide
    NavItem(_("Decisions"), "rehab_work:decision_queue", frozenset({Role.SUBSTITUTE_DECISION_MAKER}), 31)
)
register_nav_item(
    NavItem(
        _("Placements"),
        "rehab_work:capacity",
        frozenset({Role.OFFICE_CLERK, Role.WORKING_GROUP, Role.ADMIN}),
        35,
    )
)

register_admin_models(
    "rehab_work.placement", "rehab_work.compensationrate", "rehab_work.expenseallowancerate"
)


#: The app's part of a client's data export, guarded by its client-page section's permission.
register_model_parts("clients.view_confidential", [
    ("rehab_agreements", _("Rehabilitative-work agreements"), "rehab_work.RehabAgreement", "client"),
    ("rehab_agreement_changes", _("Agreement changes"), "rehab_work.AgreementChange", "agreement__client"),
    ("rehab_decisions", _("Rehabilitative-work decisions"), "rehab_work.RehabDecision", "agreement__client"),
    ("rehab_attendance", _("Attendance"), "rehab_work.Attendance", "agreement__client"),
    ("rehab_feedback", _("Feedback"), "rehab_work.Feedback", "agreement__client"),
    ("rehab_final_evaluations", _("Final evaluations"), "rehab_work.FinalEvaluation", "agreement__client"),
    ("rehab_claimed_days", _("Days claimed from the state"), "rehab_work.ClaimedDay", "client"),
], order=500)
