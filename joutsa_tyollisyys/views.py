from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services
from .access_logging import log_persons, persons_in
from .extensions import contexts, dashboard_panels
from .roles import Role, roles_of
from .rows import RelatedRows


@login_required
def home(request):
    """'Oma työpöytä': the panels registered for the user's roles."""
    roles = roles_of(request.user)
    mine = [panel for panel in dashboard_panels if not panel.roles or roles & {str(r) for r in panel.roles}]
    shown, page = contexts(mine, request.user, request,
                           also={"notifications": RelatedRows(selectors.unread_notifications(request.user))})
    log_persons(request, client_ids=persons_in([context for _panel, context in shown]), what="front page")
    return render(request, "core/home.html", {
        "panels": [{"panel": panel, "context": context} for panel, context in shown],
        "notifications": page["notifications"],
        "role_labels": [Role(r).label for r in sorted(roles) if r in Role.values],
    })


@login_required
@require_POST
def notification_read(request, pk):
    services.notification_mark_read(actor=request.user, notification_id=pk)
    return redirect("core:home")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
