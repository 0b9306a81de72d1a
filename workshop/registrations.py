"""The workshop on the client page, the front page, the navigation and in admin (extension points)."""

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

from . import rules, selectors

CASE_WORKERS = frozenset({Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR})


def _client_section_fetch(request, client):
    if not request.user.has_perm("workshop.record_service", client):
        return None
    return selectors.client_workshop_rows()


def _client_section(request, client, data):
    user = request.user
    return {
        **data,
        "client": client,
        "can_certify": user.has_perm("workshop.issue_certificate", client),
        "youth_age": rules.youth_workshop_age_error(client.birth_date, timezone.localdate()) is None,
    }


def _today_panel_fetch(request):
    return {"sessions": RelatedRows(selectors.todays_sessions(request.user), related=("group__placement",))}


def _today_panel(request, data):
    return data


register_client_section(ClientSection("workshop", _("Workshop"), "workshop/sections/client.html", _client_section, 45,
                                      _client_section_fetch))
register_dashboard_panel(
    DashboardPanel(
        "workshop_today", _("Today's group sessions"), "workshop/panels/today.html", _today_panel, CASE_WORKERS, 20,
        _today_panel_fetch,
    )
)
register_nav_item(NavItem(_("Workshop"), "workshop:group_list", CASE_WORKERS, 40))
register_admin_models(
    "workshop.servicelengthlimit", "workshop.qualification", "workshop.competencearea", "workshop.librarydocument"
)


#: The app's part of a client's data export, guarded by its client-page section's permission.
register_model_parts("workshop.record_service", [
    ("workshop_periods", _("Workshop service periods"), "workshop.ServicePeriod", "client"),
    ("workshop_coaching", _("Coaching"), "workshop.Coaching", "client"),
    ("workshop_groups", _("Group memberships"), "workshop.GroupParticipant", "client"),
    ("workshop_sessions", _("Group session attendance"), "workshop.SessionAttendance", "client"),
    ("workshop_youth", _("Youth workshop enrolments"), "workshop.YouthEnrolment", "client"),
    ("workshop_certificates", _("Competence certificates"), "workshop.CompetenceCertificate", "client"),
], order=600)
