from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services
from .extensions import dashboard_panels
from .roles import Role, roles_of


@login_required
def home(request):
    """'Oma työpöytä': the panels registered for the user's roles."""
    roles = roles_of(request.user)
    panels = []
    for panel in dashboard_panels:
        if panel.roles and not roles & {str(r) for r in panel.roles}:
            continue
        context = panel.get_context(request)
        if context is not None:
            panels.append({"panel": panel, "context": context})
    return render(request, "core/home.html", {
        "panels": panels,
        "notifications": selectors.unread_notifications(request.user),
        "role_labels": [Role(r).label for r in sorted(roles) if r in Role.values],
    })


@login_required
@require_POST
def notification_read(request, pk):
    services.notification_mark_read(actor=request.user, notification_id=pk)
    return redirect("core:home")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
