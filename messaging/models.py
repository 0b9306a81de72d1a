from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from joutsa_tyollisyys import limits

from .enums import TextMessagePurpose, TextMessageStatus

#: The start of a stored error (English, for the administrator) → what it means for the worker.
ERROR_WORDS = [
    ("Undelivered", pgettext_lazy(
        "text message", "The gateway could not deliver it: the phone may be switched off or the number not in use.")),
    ("Gave up after", pgettext_lazy("text message", "The gateway refused it at every attempt: it was not sent.")),
    ("Not known whether", pgettext_lazy(
        "text message", "The gateway did not answer in time: it may have been sent, so it is not sent again.")),
    ("The worker stopped", pgettext_lazy(
        "text message", "Sending was interrupted: it may have been sent, so it is not sent again.")),
    ("The client refused", pgettext_lazy("text message", "The client refused text messages before it was sent.")),
    ("The meeting was", pgettext_lazy("text message", "The meeting was cancelled or moved before it was sent.")),
]


class TextMessage(models.Model):
    """One text message to one client. ``key`` makes queueing idempotent: the same key never makes a second row,
    so a repeated request, a retried task or a second run of the reminders sends nothing twice."""

    client = models.ForeignKey("clients.Client", verbose_name=_("client"), on_delete=models.CASCADE,
                               related_name="text_messages")
    phone = models.CharField(_("phone"), max_length=20)  # E.164
    body = models.TextField(_("message"), max_length=limits.REASON)
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
        return f"{self.get_purpose_display()} {self.created_at:%d.%m.%Y %H:%M}"

    def error_in_words(self) -> str:
        """What went wrong, for the worker's page (the stored error is the administrator's)."""
        if not self.error:
            return ""
        if self.status == TextMessageStatus.QUEUED:
            return str(pgettext_lazy("text message", "The gateway refused it: it will be tried again."))
        for start, words in ERROR_WORDS:
            if self.error.startswith(start):
                return str(words)
        return str(pgettext_lazy("text message", "Sending failed."))

