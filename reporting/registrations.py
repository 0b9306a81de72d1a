"""The reports in the navigation and on the working group's front page."""

from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.extensions import (
    DashboardPanel,
    NavItem,
    register_admin_models,
    register_dashboard_panel,
    register_nav_item,
)
from joutsa_tyollisyys.roles import Role

from . import selectors

READERS = frozenset({Role.WORKING_GROUP, Role.COACH, Role.SOCIAL_COUNSELLOR, Role.OFFICE_CLERK, Role.ADMIN})

#: Figures shown on the working group's front page (masked like the report page).
PANEL_FIGURES = ["rehab_clients", "share_euros", "share_contacted_percent", "unemployment_rate"]


def _latest_report(request):
    from . import presentation

    report = selectors.latest_final()
    if report is None:
        return {"report": None}
    masked = not request.user.has_perm("reporting.view_people")
    rows = [presentation.row_for(report, key, masked=masked) for key in PANEL_FIGURES]
    return {"report": report, "rows": [r for r in rows if r is not None]}


register_nav_item(NavItem(_("Reports"), "reporting:index", READERS, 90))
register_dashboard_panel(
    DashboardPanel(
        "reporting_latest", _("Latest monthly report"), "reporting/panels/latest.html", _latest_report,
        frozenset({Role.WORKING_GROUP}), 10,
    )
)
# The admin role sets the day of the month of the scheduled report (Administration → Periodic tasks).
register_admin_models("django_celery_beat.periodictask", "django_celery_beat.crontabschedule")
