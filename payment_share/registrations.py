"""The payment-share list on the client page, the front page and in the navigation."""

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

from . import selectors

REVIEWERS = frozenset({Role.OFFICE_CLERK, Role.COACH, Role.SOCIAL_COUNSELLOR})


def _client_section_fetch(request, client):
    if not request.user.has_perm("payment_share.review"):
        return None
    return selectors.client_page_section()


def _client_section(request, client, data):
    entries = data["entries"]
    if not entries:
        return None
    bands = selectors.group_bands(data["bands"], {e.month for e in entries})
    return {"entries": selectors.decorate_bands(entries, bands)}


def _desk_fetch(request):
    return selectors.desk_figures(request.user)


def _desk(request, figures):
    context = selectors.desk_context(figures)
    if context is None:
        return None
    return {**context, "can_assign": request.user.has_perm("payment_share.assign_contact")}


register_client_section(
    ClientSection(
        "payment_share", _("Payment-share list"), "payment_share/sections/client.html", _client_section, 70,
        _client_section_fetch,
    )
)
register_dashboard_panel(
    DashboardPanel(
        "payment_share", _("Payment-share list"), "payment_share/panels/desk.html", _desk, REVIEWERS, 40, _desk_fetch
    )
)
# The main navigation's name (the Swedish page title is too long for one line of links at 1366 px).
register_nav_item(NavItem(pgettext_lazy("navigation", "Payment-share list"), "payment_share:review", REVIEWERS, 60))
register_nav_item(
    NavItem(_("Payment-share trend"), "payment_share:trend", frozenset({Role.WORKING_GROUP}), 60)
)
register_admin_models("payment_share.paymentshareband", "payment_share.shareruleset", "payment_share.columnmapping")


#: The app's part of a client's data export, guarded by its client-page section's permission.
register_model_parts("payment_share.review", [
    ("payment_share_rows", _("Kela payment-share list rows"), "payment_share.PaymentShareEntry", "client"),
], order=400)
