from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.models import Client, Invitation, Meeting
from joutsa_tyollisyys import limits

from . import placeholders
from .enums import Channel, LettersStatus, MemberStatus, RoundStatus, Timing


class InvitationTemplate(models.Model):
    """The words of an invitation round's letters and text messages, in Finnish and Swedish (the client's
    language chooses). Placeholders in braces, e.g. ``{first_name}``; an unknown one is refused when saved."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    letter_fi = models.TextField(_("letter in Finnish"), max_length=limits.TEXT)
    letter_sv = models.TextField(_("letter in Swedish"), max_length=limits.TEXT)
    text_fi = models.TextField(_("text message in Finnish"), max_length=480)
    text_sv = models.TextField(_("text message in Swedish"), max_length=480)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("invitation template")
        verbose_name_plural = _("invitation templates")

    def __str__(self):
        return self.name

    def clean(self):
        placeholders.validate_template_fields(
            {name: getattr(self, name) for name in ("letter_fi", "letter_sv", "text_fi", "text_sv")}
        )

    def body(self, channel: str, language: str) -> str:
        kind = "text" if channel == Channel.TEXT else "letter"
        return getattr(self, f"{kind}_{'sv' if language == 'sv' else 'fi'}")


def source_label(source: str, share_month=None) -> str:
    """Where a round's persons were chosen from, in the reader's language."""
    from django.utils.translation import gettext

    if source == "payment_share" and share_month is not None:
        return gettext("Payment-share list %(month)s") % {"month": f"{share_month.month}/{share_month.year}"}
    if source == "clients":
        return gettext("Client list")
    return source


class InvitationRound(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PREPARED)
    template = models.ForeignKey(InvitationTemplate, verbose_name=_("template"), on_delete=models.PROTECT,
                                 related_name="rounds")
    timing = models.CharField(_("time"), max_length=10, choices=Timing.choices, default=Timing.SLOT)
    place = models.CharField(_("place"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    first_day = models.DateField(_("first day of the proposed times"), null=True, blank=True)
    source = models.CharField(_("chosen from"), max_length=200, blank=True)
    share_month = models.DateField(_("payment-share list month"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    letters_status = models.CharField(_("letters"), max_length=10, choices=LettersStatus.choices,
                                      default=LettersStatus.NONE)
    letters_progress = models.PositiveSmallIntegerField(default=0)
    letters_count = models.PositiveIntegerField(default=0)
    letters_error = models.CharField(max_length=300, blank=True)
    letters_pdf = models.BinaryField(null=True, blank=True, editable=False)
    letters_queued_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["letters_pdf", "letters_progress"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation round")
        verbose_name_plural = _("invitation rounds")

    def __str__(self):
        return f"{_('Invitation round')} {self.pk} ({timezone.localtime(self.created_at):%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("outreach:round", args=[self.pk])

    @property
    def source_label(self) -> str:
        return source_label(self.source, self.share_month)


class RoundMember(models.Model):
    """One person invited in a round: the channel, the proposed meeting, the message and what came of it."""

    round = models.ForeignKey(InvitationRound, on_delete=models.CASCADE, related_name="members")
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE,
                               related_name="round_invitations")
    entry = models.ForeignKey("payment_share.PaymentShareEntry", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="round_invitations")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=MemberStatus.choices, default=MemberStatus.PLANNED)
    language = models.CharField(_("language"), max_length=8, default="fi")
    message = models.TextField(_("message"), blank=True, max_length=limits.NOTES)
    starts_at = models.DateTimeField(_("proposed time"), null=True, blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invitation = models.OneToOneField(Invitation, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="round_member")
    text_message = models.OneToOneField("messaging.TextMessage", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="round_member")
    client_was_new = models.BooleanField(default=False)
    printed = models.BooleanField(_("in the letters' PDF"), default=False)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["message"])

    class Meta:
        ordering = ["client__last_name", "client__first_name", "pk"]
        verbose_name = _("invited person")
        verbose_name_plural = _("invited persons")
        constraints = [models.UniqueConstraint(fields=["round", "client"], name="outreach_one_member_per_client")]
        indexes = [models.Index(fields=["client", "round"])]

    def __str__(self):
        return f"{self.client} ({self.get_channel_display()})"

    @property
    def shown_status(self) -> str:
        """The status, with a text message the gateway could not deliver shown as failed."""
        if self.status == MemberStatus.SENT and self.text_message_id and self.text_message.status == "failed":
            return MemberStatus.FAILED
        return self.status

    def get_shown_status_display(self):
        return MemberStatus(self.shown_status).label

    @property
    def is_swedish(self) -> bool:
        return self.language == "sv"
