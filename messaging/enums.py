from django.db import models
from django.utils.translation import gettext_lazy as _


class TextMessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


#: Statuses a message can still be cancelled in (nothing has gone to the gateway).
CANCELLABLE = frozenset({TextMessageStatus.QUEUED})
#: The gateway's delivery report may move a sent message to these.
REPORTED = frozenset({TextMessageStatus.DELIVERED, TextMessageStatus.FAILED})


class TextMessagePurpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
    OTHER = "other", _("Other")
