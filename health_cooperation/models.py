"""Health and social-services cooperation (plan §§ 1.3, 1.8). Everything here is special-category data
(health) and rests on the client's consent to share information with health services."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.models import Client, Consent
from joutsa_tyollisyys import limits
from joutsa_tyollisyys.constraints import ConstraintErrorsOnFields
from joutsa_tyollisyys.models import VersionedModel

from .enums import (
    BookingStatus,
    ExaminationStatus,
    HealthCheckStatus,
    InvestigationOutcome,
    InvestigationStatus,
    NextStepStatus,
    ReferralStatus,
    ReferralTarget,
    SlotKind,
    WorkCapacity,
)
from .rules import SOTE_TEAM_INTERVAL_WEEKS


class HealthCooperationSettings(models.Model):
    """Admin-editable settings of this app (one row)."""

    health_check_interval_months = models.PositiveSmallIntegerField(
        _("health check interval (months)"),
        default=12,
        help_text=_(
            "A long-term unemployed client with no health check in this many months is listed for referral."
        ),
    )
    default_health_check_place = models.CharField(
        _("default place of health checks"),
        max_length=200,
        default="Joutsan terveysasema",
        blank=True,
    )

    class Meta:
        verbose_name = _("health cooperation settings")
        verbose_name_plural = _("health cooperation settings")

    def __str__(self):
        return str(_("Health cooperation settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.health_check_interval_months is not None and not 1 <= self.health_check_interval_months <= 60:
            raise ValidationError(
                {"health_check_interval_months": _("Give a number of months from 1 to 60.")}
            )

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]


class HealthCheckReferral(VersionedModel):
    """A referral to the statutory, free health check of an unemployed person (with TE forms)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="health_checks")
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HealthCheckStatus.choices,
        default=HealthCheckStatus.REFERRED,
        db_index=True,
    )
    referred_on = models.DateField(_("referred on"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    appointment_on = models.DateField(_("appointment on"), null=True, blank=True)
    referral_form_sent_on = models.DateField(_("TE referral form sent on"), null=True, blank=True)
    feedback_form_received_on = models.DateField(_("feedback form received on"), null=True, blank=True)
    feedback_sent_to_te_on = models.DateField(_("feedback sent to TE services on"), null=True, blank=True)
    checked_on = models.DateField(_("check done on"), null=True, blank=True, db_index=True)
    work_capacity = models.CharField(
        _("work capacity"), max_length=10, choices=WorkCapacity.choices, blank=True
    )
    work_capacity_note = models.TextField(
        _("work-capacity note (confidential)"), max_length=limits.TEXT, blank=True
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("health check referral")
        verbose_name_plural = _("health check referrals")
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self):
        return f"{self.client} {self.referred_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("health_cooperation:client", args=[self.client_id]) + f"#check-{self.pk}"


class GuidedReferral(VersionedModel):
    """A client guided in person to another service; never without a recorded reason (plan § 1.3)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="guided_referrals")
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target = models.CharField(_("referred to"), max_length=24, choices=ReferralTarget.choices)
    reason = models.TextField(_("reason"), max_length=limits.REASON)
    receiver = models.CharField(_("receiving worker or unit"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT, db_index=True
    )
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(_("reason for stopping"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("guided referral")
        verbose_name_plural = _("guided referrals")

    def __str__(self):
        return f"{self.client}: {self.get_target_display()}"

    @property
    def is_open(self):
        return self.status in (ReferralStatus.SENT, ReferralStatus.RECEIVED)


class SoteTeamSchedule(models.Model):
    """The rule from which the sote team's meetings are generated ahead (admin-editable)."""

    WEEKDAYS = [
        (0, _("Monday")),
        (1, _("Tuesday")),
        (2, _("Wednesday")),
        (3, _("Thursday")),
        (4, _("Friday")),
    ]

    name = models.CharField(_("name"), max_length=100, default="Sote-tiimi")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    first_on = models.DateField(
        _("first meeting week"), help_text=_("Meetings start on the chosen weekday of this week or later.")
    )
    interval_weeks = models.PositiveSmallIntegerField(_("interval (weeks)"), default=SOTE_TEAM_INTERVAL_WEEKS)
    start_time = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=200)
    reception_slots = models.PositiveSmallIntegerField(_("reception slots per meeting"), default=2)
    reception_minutes = models.PositiveSmallIntegerField(_("length of a reception (minutes)"), default=45)
    consultation_slots = models.PositiveSmallIntegerField(_("consultation slots per meeting"), default=3)
    consultation_minutes = models.PositiveSmallIntegerField(
        _("length of a consultation (minutes)"), default=20
    )
    meetings_ahead = models.PositiveSmallIntegerField(_("meetings generated ahead"), default=6)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sote team schedule")
        verbose_name_plural = _("sote team schedules")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.interval_weeks is not None and not 1 <= self.interval_weeks <= 8:
            errors["interval_weeks"] = _("Give an interval of 1 to 8 weeks.")
        if (self.reception_slots or 0) + (self.consultation_slots or 0) == 0:
            errors["consultation_slots"] = _("A meeting needs at least one slot.")
        if self.reception_minutes is not None and self.reception_minutes < 5:
            errors["reception_minutes"] = _("A slot lasts at least 5 minutes.")
        if self.consultation_minutes is not None and self.consultation_minutes < 5:
            errors["consultation_minutes"] = _("A slot lasts at least 5 minutes.")
        if self.meetings_ahead is not None and not 1 <= self.meetings_ahead <= 26:
            errors["meetings_ahead"] = _("Generate 1 to 26 meetings ahead.")
        if errors:
            raise ValidationError(errors)

    def slot_blocks(self):
        return [
            (SlotKind.RECEPTION.value, self.reception_slots, self.reception_minutes),
            (SlotKind.CONSULTATION.value, self.consultation_slots, self.consultation_minutes),
        ]


class SoteMeeting(ConstraintErrorsOnFields, models.Model):
    """One meeting of the multi-professional sote team (generated from a schedule)."""

    schedule = models.ForeignKey(
        SoteTeamSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=200)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("sote team meeting")
        verbose_name_plural = _("sote team meetings")
        constraints = [models.UniqueConstraint(fields=["schedule", "date"], name="hc_one_meeting_per_day",
            violation_error_message=_("The sote team already meets on this day."))]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.start_time:%H.%M}"


class SoteSlot(ConstraintErrorsOnFields, models.Model):
    meeting = models.ForeignKey(SoteMeeting, on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(_("kind"), max_length=12, choices=SlotKind.choices)
    starts_at = models.DateTimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("sote team slot")
        verbose_name_plural = _("sote team slots")
        constraints = [models.UniqueConstraint(fields=["meeting", "starts_at"], name="hc_one_slot_per_time",
            violation_error_message=_("The meeting already has a slot at this time."))]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%d.%m.%Y %H.%M} {self.get_kind_display()}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class SoteBooking(VersionedModel):
    """A client's case brought to the sote team. The worker who brings it answers for the next steps."""

    slot = models.ForeignKey(
        SoteSlot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sote_bookings")
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    brought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brought by"),
        on_delete=models.PROTECT,
        related_name="sote_bookings",
    )
    topic = models.TextField(_("what the team is asked to consider"), max_length=limits.TEXT)
    client_permission_on = models.DateField(_("client's permission given on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED, db_index=True
    )
    outcome = models.TextField(_("team's conclusion (confidential)"), max_length=limits.NOTES, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-slot__starts_at"]
        verbose_name = _("sote team booking")
        verbose_name_plural = _("sote team bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=~Q(status="cancelled"), name="hc_one_booking_per_slot",
                violation_error_message=_("This slot is already booked: choose another slot.")
            ),
        ]

    def __str__(self):
        return f"{self.client}: {self.slot}"

    def get_absolute_url(self):
        return reverse("health_cooperation:booking", args=[self.pk])


class SoteNextStep(VersionedModel):
    """An agreed next step of a sote-team case, tracked to done by the worker who brought the case."""

    booking = models.ForeignKey(SoteBooking, on_delete=models.CASCADE, related_name="next_steps")
    description = models.CharField(_("next step"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        on_delete=models.PROTECT,
        related_name="sote_next_steps",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=NextStepStatus.choices, default=NextStepStatus.OPEN, db_index=True
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")

    def __str__(self):
        return self.description


class ExaminationType(models.Model):
    """A basic health examination needed before a disability-pension decision (admin-maintained list)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Only examinations in use are added to new investigations.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("examination type")
        verbose_name_plural = _("examination types")

    def __str__(self):
        return self.name


class PensionInvestigation(VersionedModel):
    """Eläkeselvittely: the checklist of basic examinations before a disability-pension decision."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="pension_investigations")
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        on_delete=models.PROTECT,
        related_name="pension_investigations",
    )
    health_centre_contact = models.CharField(
        _("contact at the health centre"),
        max_length=200,
        blank=True,
        help_text=_("For example the health centre's service coordinator."),
    )
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvestigationStatus.choices,
        default=InvestigationStatus.OPEN,
        db_index=True,
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=InvestigationOutcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.CharField(_("note on closing"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("pension investigation")
        verbose_name_plural = _("pension investigations")
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(status="open"), name="hc_one_open_investigation",
                violation_error_message=_("The client already has an open pension investigation.")
            ),
        ]

    def __str__(self):
        return f"{self.client} {self.opened_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("health_cooperation:pension", args=[self.pk])


class PensionExamination(VersionedModel):
    """One examination on a client's checklist: who is responsible and when it is planned and done."""

    investigation = models.ForeignKey(
        PensionInvestigation, on_delete=models.CASCADE, related_name="examinations"
    )
    examination_type = models.ForeignKey(
        ExaminationType, verbose_name=_("examination"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExaminationStatus.choices, default=ExaminationStatus.PENDING
    )
    responsible = models.CharField(_("who is responsible"), max_length=200, blank=True)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["examination_type__order", "examination_type__name"]
        verbose_name = _("examination on the checklist")
        verbose_name_plural = _("examinations on the checklist")
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "examination_type"], name="hc_one_examination_each",
                violation_error_message=_("This examination is already part of the investigation.")
            ),
        ]

    def __str__(self):
        return str(self.examination_type)
