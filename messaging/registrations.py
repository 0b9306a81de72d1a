"""The client-page section and the admin models of this app."""

from django.utils.translation import gettext_lazy as _

from joutsa_tyollisyys.exports import register_model_parts
from joutsa_tyollisyys.extensions import ClientSection, register_admin_models, register_client_section

from . import selectors


def _section_fetch(request, client):
    """Only the client's own workers see the client's texts. The client page logs the read once."""
    if not request.user.has_perm("messaging.view_text_messages", client):
        return None
    return selectors.client_section()


def _section(request, client, data):
    rows = data["text_messages"]
    return {"text_messages": rows[:selectors.SECTION_LIMIT], "more": len(rows) > selectors.SECTION_LIMIT}


register_client_section(
    ClientSection("text_messages", _("Text messages"), "messaging/sections/client.html", _section, 25, _section_fetch)
)
register_admin_models("messaging.textmessage")

#: The app's part of a client's data export, guarded by the same permission as the page that lists the texts.
register_model_parts("messaging.view_text_messages", [
    ("text_messages", _("Text messages"), "messaging.TextMessage", "client"),
], order=300)
