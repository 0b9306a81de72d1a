"""The clients app's own sections, front-page panels and navigation, through the extension points."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.exports import model_part
from joutsa_tyollisyys.extensions import (
    ClientExport,
    ClientSection,
    DashboardPanel,
    NavItem,
    register_client_export,
    register_client_section,
    register_dashboard_panel,
    register_nav_item,
)
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.rows import RelatedRows, count_of

from . import gdpr, selectors
from .enums import MeetingStatus

WORKERS = frozenset({Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR})


def _meetings_fetch(request, client):
    if not request.user.has_perm("clients.view_confidential", client):
        return None
    return selectors.meetings_section()


def _meetings(request, client, data):
    return {
        "meetings": data["meetings"],
        "can_log": request.user.has_perm("clients.log_meeting", client),
        "now": timezone.now(),
        "planned": MeetingStatus.PLANNED,
    }


def _consents(request, client, data):
    return {
        "consents": data["consents"],
        "can_edit": request.user.has_perm("clients.change_client", client),
        "today": timezone.localdate(),
    }


def _invitations_fetch(request, client):
    if not request.user.has_perm("clients.invite_client", client):
        return None
    return selectors.invitations_section()


def _invitations(request, client, data):
    return {"invitations": data["invitations"]}


def _workers(request, client, data):
    return {
        "changes": data["changes"],
        "can_assign": request.user.has_perm("clients.assign_worker", client),
    }


def _history_fetch(request, client):
    if not request.user.has_perm("clients.view_history", client):
        return None
    return selectors.history_section()


def _history(request, client, data):
    return {"rows": selectors.history_rows(data["client_history"], data["meeting_history"])}


def _always(section):
    return lambda request, client: section()


register_client_section(ClientSection("meetings", _("Meetings"), "clients/sections/meetings.html", _meetings, 10,
                                      _meetings_fetch))
register_client_section(ClientSection("invitations", _("Invitations"), "clients/sections/invitations.html",
                                      _invitations, 20, _invitations_fetch))
register_client_section(ClientSection("consents", _("Consents"), "clients/sections/consents.html", _consents, 80,
                                      _always(selectors.consents_section)))
register_client_section(ClientSection("workers", _("Responsible workers"), "clients/sections/workers.html",
                                      _workers, 85, _always(selectors.worker_changes_section)))
register_client_section(ClientSection("history", _("Change history"), "clients/sections/history.html",
                                      _history, 999, _history_fetch))


def _my_week_fetch(request):
    start, end = selectors.week_bounds(timezone.localdate())
    return {"meetings": RelatedRows(selectors.worker_meetings(request.user, start, end), related=("client",))}


def _my_week(request, data):
    return {"meetings": data["meetings"], "now": timezone.now()}


def _my_clients_fetch(request):
    return {
        "clients": RelatedRows(selectors.my_clients(request.user)),
        "count": count_of(selectors.my_clients(request.user, limit=None)),
    }


def _due_fetch(request):
    return {
        "unrecorded": RelatedRows(selectors.unrecorded_past_meetings(request.user), related=("client",)),
        "contact_checks": RelatedRows(selectors.overdue_contact_checks(request.user)),
    }


def _data(request, data):
    return data


register_dashboard_panel(DashboardPanel("my_week", _("My meetings this week"), "clients/panels/my_week.html",
                                        _my_week, WORKERS, 10, _my_week_fetch))
register_dashboard_panel(DashboardPanel("my_clients", _("My clients"), "clients/panels/my_clients.html",
                                        _data, WORKERS, 20, _my_clients_fetch))
register_dashboard_panel(DashboardPanel("client_due", _("Items due"), "clients/panels/due.html", _data, WORKERS, 30,
                                        _due_fetch))

register_nav_item(NavItem(_("Clients"), "clients:list",
                          frozenset({Role.COACH, Role.YOUTH_WORKER, Role.SOCIAL_COUNSELLOR, Role.OFFICE_CLERK,
                                     Role.ADMIN}), 10))
register_nav_item(NavItem(_("My meetings"), "clients:my_meetings", WORKERS, 20))


register_client_export(ClientExport("client", _("Client data"), gdpr.client_rows, 0,
                                    models=("clients.client",)))
for _key, _title, _label, _perm, _order in [
    ("consents", _("Consents"), "clients.Consent", "clients.view_client", 10),
    ("meetings", _("Meetings"), "clients.Meeting", "clients.view_confidential", 20),
    ("invitations", _("Invitations"), "clients.Invitation", "clients.invite_client", 30),
    ("workers", _("Responsible workers"), "clients.ResponsibleWorkerChange", "clients.view_client", 40),
    ("assessments", _("Service-need assessments (TE office)"), "clients.ServiceNeedAssessment",
     "clients.view_client", 50),
    ("employment_plans", _("Employment plans (TE office)"), "clients.EmploymentPlan", "clients.view_client", 51),
]:
    register_client_export(model_part(_key, _title, _label, "client", _perm, _order))
register_client_export(ClientExport("access_log", _("Who has read the data (access log)"), gdpr.access_log_rows,
                                    1000, models=("core.accesslogentry",)))

def _te_records(request, client, data):
    return {
        "assessments": data["assessments"],
        "employment_plans": data["employment_plans"],
        "can_edit": request.user.has_perm("clients.change_client", client),
        "today": timezone.localdate(),
    }


register_client_section(ClientSection("te_records", _("Assessments and employment plans (TE office)"),
                                      "clients/sections/te_records.html", _te_records, 40,
                                      _always(selectors.te_records_section)))

register_nav_item(NavItem(_("Access log extract"), "clients:log_extract", frozenset({Role.DATA_PROTECTION_OFFICER}),
                          10))


def _data_protection(request):
    from joutsa_tyollisyys.access_log import latest_checkpoint

    from .views_log_extract import checkpoint_time

    return {"checkpoint_at": checkpoint_time(latest_checkpoint()[0])}


register_dashboard_panel(DashboardPanel("data_protection", _("Access log"), "clients/panels/data_protection.html",
                                        _data_protection, frozenset({Role.DATA_PROTECTION_OFFICER}), 10))
register_nav_item(NavItem(_("Log verification"), "clients:log_verify", frozenset({Role.DATA_PROTECTION_OFFICER}),
                          11))
