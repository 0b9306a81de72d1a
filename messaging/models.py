from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import TextMessagePurpose, TextMessageStatus


class TextMessage(models.Model):
    """One text message to one client. ``key`` makes queueing idempotent: the same key never makes a second row,
    so a repeated request, a retried task or a second run of the reminders sends nothing twice."""

    client = models.ForeignKey("clients.Client", verbose_name=_("client"), on_delete=models.CASCADE,
                               related_name="text_messages")
    phone = models.CharField(_("phone"), max_length=20)  # E.164
    body = models.TextField(_("message"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=TextMessagePurpose.choices)
    key = models.CharField(max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=TextMessageStatus.choices,
                              default=TextMessageStatus.QUEUED)
    gateway_id = models.CharField(_("gateway's id"), max_length=100, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("queued by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [
            models.Index(fields=["client", "-created_at"]),
            # the sweep that queues again what the broker never got
            models.Index(fields=["created_at"], condition=models.Q(status="queued"), name="messaging_queued"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.created_at:%d.%m.%Y %H.%M}"
