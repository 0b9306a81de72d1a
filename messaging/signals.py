"""A meeting cancelled, moved or no longer planned (a ``clients`` service) cancels its reminder that has not gone to
the gateway yet: no text reminds a person of a meeting that will not take place at that time."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from clients.enums import MeetingStatus
from clients.models import Meeting


@receiver(post_save, sender=Meeting, dispatch_uid="messaging.meeting_saved")
def meeting_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    from .enums import CANCELLABLE, TextMessagePurpose, TextMessageStatus
    from .models import TextMessage
    from .reminders import reminder_key

    waiting = TextMessage.objects.filter(purpose=TextMessagePurpose.MEETING_REMINDER,
                                         key__startswith=f"meeting-reminder:{instance.pk}:", status__in=CANCELLABLE)
    if instance.status == MeetingStatus.PLANNED:
        waiting = waiting.exclude(key=reminder_key(instance))  # the reminder of its present time stays
    waiting.update(status=TextMessageStatus.CANCELLED, status_at=timezone.now(),
                   cancelled_by=getattr(instance, "_history_user", None),
                   error="The meeting was cancelled or moved before the reminder was sent.")
