import hmac
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clients.models import Client
from joutsa_tyollisyys import confirm
from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.views_helpers import check_perm

from . import selectors, services
from .enums import TextMessageStatus
from .models import TextMessage

logger = logging.getLogger(__name__)


@login_required
def client_messages(request, pk):
    client = get_object_or_404(Client.objects.select_related("responsible_worker__team"), pk=pk)
    check_perm(request.user, "messaging.view_text_messages", client)
    rows = list(selectors.client_messages(client))
    log_access(request=request, client=client, action="view", what="client's text messages")
    return render(request, "messaging/client_messages.html", {
        "client": client, "text_messages": rows,
        "can_send": request.user.has_perm("messaging.send_text_message", client),
        "queued": TextMessageStatus.QUEUED,
    })


CANCEL_TEXT = confirm.Action("messaging.cancel", question=_lazy("Cancel this text message? It will not be sent."),
                             yes=_lazy("Yes, cancel the text message"))


@login_required
@require_POST
def cancel(request, pk):
    message = get_object_or_404(TextMessage.objects.select_related("client__responsible_worker__team"), pk=pk)
    check_perm(request.user, "messaging.send_text_message", message.client)
    back = reverse("messaging:client", args=[message.client_id])
    if (page := confirm.ask_first(request, CANCEL_TEXT, back=back)) is not None:
        return page
    try:
        services.cancel_text_message(actor=request.user, message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The text message was cancelled: it will not be sent."))
    return redirect("messaging:client", message.client_id)


#: The gateway's words for a delivery report → ours (lower case; anything else is refused with 400).
GATEWAY_STATUSES = {
    "delivered": TextMessageStatus.DELIVERED, "delivrd": TextMessageStatus.DELIVERED,
    "failed": TextMessageStatus.FAILED, "undelivered": TextMessageStatus.FAILED,
    "undeliv": TextMessageStatus.FAILED, "rejected": TextMessageStatus.FAILED, "expired": TextMessageStatus.FAILED,
}


def _token_ok(request) -> bool:
    expected = settings.SMS_STATUS_TOKEN
    if not expected:
        return False  # delivery reports are off until a token is set
    given = request.headers.get("Authorization", "")
    given = given[7:] if given.startswith("Bearer ") else request.headers.get("X-SMS-Token", "")
    return hmac.compare_digest(given.encode(), expected.encode())


@csrf_exempt
@require_POST
def delivery_status(request):
    """The gateway reports a message delivered or failed: ``{"id": "<gateway id>", "status": "delivered"}`` (JSON
    or a form), with ``Authorization: Bearer <SMS_STATUS_TOKEN>``. 404 for an id not (yet) known: the gateway
    tries again later."""
    if not _token_ok(request):
        return JsonResponse({"error": "forbidden"}, status=403)
    try:
        data = json.loads(request.body) if request.content_type == "application/json" else request.POST
        gateway_id = str(data.get("id") or data.get("message_id") or "").strip()
        status = GATEWAY_STATUSES.get(str(data.get("status") or "").strip().lower())
        error = str(data.get("error") or "")[:300]
    except (ValueError, AttributeError):
        return JsonResponse({"error": "invalid body"}, status=400)
    if not gateway_id or status is None:
        return JsonResponse({"error": "id and a known status are needed"}, status=400)
    changes = {"status": status, "status_at": timezone.now()}
    if status == TextMessageStatus.FAILED:
        changes["error"] = f"Undelivered: {error or 'no reason given'}"[:300]
    # sent → delivered or failed; a repeat of the same report changes nothing; a late "failed" never undoes
    # "delivered".
    allowed = [TextMessageStatus.SENT] + ([TextMessageStatus.FAILED] if status == TextMessageStatus.DELIVERED else [])
    updated = TextMessage.objects.filter(gateway_id=gateway_id, status__in=allowed).update(**changes)
    if not updated and not TextMessage.objects.filter(gateway_id=gateway_id).exists():
        return JsonResponse({"error": "unknown id"}, status=404)
    return JsonResponse({"ok": True, "updated": updated})
