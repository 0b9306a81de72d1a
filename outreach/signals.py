"""A held meeting marks the invited person as came and contacted in the payment-share review; a no-show as did not
come. The clients app records meetings (``clients.services.meeting_log`` / ``meeting_record_no_show``); this app
follows them without the clients app knowing of rounds."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from clients.models import Meeting


@receiver(post_save, sender=Meeting, dispatch_uid="outreach.meeting_saved")
def meeting_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from .services import meeting_recorded

    meeting_recorded(instance)
