from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .access_logging import log_persons, persons_in
from .extensions import contexts, dashboard_panels
from .forms import AccessibilityFeedbackForm
from .roles import Role, roles_of
from .rows import RelatedRows
from .two_factor import SSO_SESSION_KEY


@login_required
def home(request):
    """'Oma työpöytä': the panels registered for the user's roles."""
    roles = roles_of(request.user)
    if not roles and not request.user.is_superuser and request.session.get(SSO_SESSION_KEY):
        return redirect("no_role")  # signed in through SSO without a mapped group: whom to ask
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


@require_http_methods(["GET", "POST"])
def accessibility(request):
    """The accessibility statement (law 306/2019 § 15) with its feedback channel: open to everyone."""
    referer = request.META.get("HTTP_REFERER", "")
    came_from = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""
    form = AccessibilityFeedbackForm(request.POST or None, initial={"page": came_from})
    if request.method == "POST" and form.is_valid():
        try:
            services.accessibility_feedback_send(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Thank you. Your feedback was sent; we answer within 14 days."))
            return redirect("accessibility")
    return render(request, "core/accessibility.html", {"form": form})


@login_required
@require_POST
def undo(request):
    """'Kumoa' in a success message: the app's service undoes the action if it is still the same (see undo.py)."""
    from django.core import signing

    from . import undo as undo_actions
    from .views_helpers import next_or

    try:
        message = undo_actions.run(actor=request.user, signed=request.POST.get("token", ""))
    except undo_actions.TooLate:
        messages.error(request, _("It is too late to undo: an action can be undone for %(minutes)s minutes.")
                       % {"minutes": undo_actions.UNDO_MINUTES})
    except (signing.BadSignature, LookupError):
        messages.error(request, _("This action cannot be undone."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(next_or(request, "core:home"))
