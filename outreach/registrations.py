"""Invitation rounds in the navigation and the admin."""

from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.exports import register_model_parts
from joutsa_tyollisyys.extensions import NavItem, register_admin_models, register_nav_item
from joutsa_tyollisyys.roles import Role

register_nav_item(NavItem(_("Invitation rounds"), "outreach:rounds",
                          frozenset({Role.COACH, Role.SOCIAL_COUNSELLOR}), 65))
register_admin_models("outreach.invitationtemplate")

#: The app's part of a client's data export: the invitations of rounds (channel, status, time, message).
register_model_parts("clients.invite_client", [
    ("outreach_invitations", _("Invitation rounds"), "outreach.RoundMember", "client"),
], order=450)
