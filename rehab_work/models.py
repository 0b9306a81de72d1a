"""Rehabilitative work (docs/domain.md § 5.2): placements, agreements and decisions, attendance, the final
evaluation and feedback, and the state compensation claimed from the KEHA centre."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.constraints import ConstraintErrorsOnFields
from joutsa_tyollisyys.formatting import format_euro
from joutsa_tyollisyys.models import DateEffective, VersionedModel

from . import rules
from .enums import (
    AgreementStatus,
    AttendanceStatus,
    ChangeKind,
    ClaimKind,
    ClaimStatus,
    DecisionOutcome,
    FeedbackFilledBy,
    NextStep,
    PlacementKind,
    Weekday,
)


class Placement(models.Model):
    """A place offering rehabilitative work: TyöVarikko, the youth workshop, a municipal unit or an
    association. Managed by the admin in Django admin."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    organisation = models.CharField(
        _("organisation"), max_length=150, help_text=_("For example the municipality or the association.")
    )
    outside_municipality = models.BooleanField(_("outside the municipality"), default=False)
    municipality = models.CharField(
        _("municipality"),
        max_length=100,
        blank=True,
        help_text=_("Needed when the place is outside the municipality."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    tasks = models.TextField(_("tasks on offer"), max_length=limits.TEXT)
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=0, help_text=_("0 when the unit does not offer places yet.")
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.outside_municipality and not self.municipality.strip():
            raise ValidationError(
                {"municipality": _("Name the municipality of a place outside the municipality.")}
            )


class DailyRate(DateEffective):
    """A euro amount per day, valid for a period (admin-editable, looked up by date)."""

    amount_per_day = models.DecimalField(
        _("euros per day"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords(inherit=True)

    class Meta(DateEffective.Meta):
        abstract = True

    def __str__(self):
        return f"{format_euro(self.amount_per_day)} ({self.valid_from:%d.%m.%Y}–)"


class CompensationRate(DailyRate):
    """State compensation to the organiser per participant per participation day (law 189/2001 § 24)."""

    class Meta(DailyRate.Meta):
        verbose_name = _("state compensation rate")
        verbose_name_plural = _("state compensation rates")


class ExpenseAllowanceRate(DailyRate):
    """The client's expense allowance (kulukorvaus / toimintaraha) per day of attendance, paid by Kela or
    as income support; the app prints it in the monthly attendance statement."""

    class Meta(DailyRate.Meta):
        verbose_name = _("expense allowance rate")
        verbose_name_plural = _("expense allowance rates")


class RehabAgreement(VersionedModel):
    """Sopimus kuntouttavasta työtoiminnasta: the unified agreement form for every unit.

    (When the activation app lands, a nullable link to the client's activation plan belongs here, and the
    draft form would be prefilled from it.)
    """

    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="rehab_agreements"
    )
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="agreements"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    days_per_week = models.PositiveSmallIntegerField(
        _("days a week"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    hours_per_day = models.DecimalField(_("hours a day"), max_digits=3, decimal_places=1)
    weekdays = models.CharField(
        _("agreed weekdays"), max_length=7, help_text=_("The weekdays on which the client may attend.")
    )
    tasks = models.TextField(_("tasks"), max_length=limits.TEXT)
    goals = models.TextField(_("goals"), max_length=limits.TEXT)
    coaching_plan = models.TextField(
        _("coaching plan"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("The support and guidance the client gets during the period."),
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted for decision"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    final_evaluation_meeting = models.OneToOneField(
        "clients.Meeting",
        verbose_name=_("final evaluation meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rehab_final_evaluation_of",
    )
    follow_up_meetings = models.ManyToManyField(
        "clients.Meeting", verbose_name=_("follow-up meetings"), blank=True, related_name="rehab_follow_up_of"
    )
    ended_early = models.BooleanField(_("ended early"), default=False)
    ending_reason = models.TextField(_("reason for ending"), max_length=limits.REASON, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("rehabilitative work agreement")
        verbose_name_plural = _("rehabilitative work agreements")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["client", "start_date"]), models.Index(fields=["status", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="rehab_agreement_end_after_start",
                violation_error_message=_("The agreement cannot end before it starts: check the end date."),
            )
        ]

    def __str__(self):
        return f"{self.client} {self.placement} {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("rehab_work:agreement_detail", args=[self.pk])

    @property
    def weekday_labels(self) -> list[str]:
        return [str(Weekday(d).label) for d in self.weekdays]

    @property
    def final_evaluation_deadline(self) -> date:
        return rules.final_evaluation_deadline(self.end_date)

    def covers(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class RehabDecision(models.Model):
    """The social counsellor's decision on an agreement (it may be rejected, revised and decided again)."""

    agreement = models.ForeignKey(RehabAgreement, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    reason = models.TextField(_("reasons"), max_length=limits.TEXT, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))
    as_substitute = models.BooleanField(
        _("decided by the substitute decision-maker"),
        default=False,
        help_text=_("Every social counsellor had drafted or edited the agreement, so the substitute decided."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.decided_at:%d.%m.%Y}"

    @property
    def approved(self) -> bool:
        return self.outcome == DecisionOutcome.APPROVED


class AgreementChange(models.Model):
    """An extension or an early ending: the old and new end dates and the reason, kept for good."""

    agreement = models.ForeignKey(RehabAgreement, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=10, choices=ChangeKind.choices)
    previous_end = models.DateField(_("previous end date"))
    new_end = models.DateField(_("new end date"))
    reason = models.TextField(_("reason"), max_length=limits.REASON)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("change of agreement")
        verbose_name_plural = _("changes of agreement")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.previous_end:%d.%m.%Y} → {self.new_end:%d.%m.%Y}"


class Attendance(ConstraintErrorsOnFields, models.Model):
    """One day of an agreement: present, or absent with a reason."""

    # No index of its own: the unique (agreement, day) leads with it.
    agreement = models.ForeignKey(RehabAgreement, on_delete=models.PROTECT, related_name="attendances",
                                  db_index=False)
    day = models.DateField(_("day"))
    status = models.CharField(_("attendance"), max_length=15, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance days")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "day"], name="rehab_attendance_one_per_day",
                violation_error_message=_("This day has already been recorded for the agreement."))
        ]
        indexes = [models.Index(fields=["day", "status"])]

    def __str__(self):
        return f"{self.day:%d.%m.%Y} {self.get_status_display()}"

    @property
    def present(self) -> bool:
        return self.status == AttendanceStatus.PRESENT


class FinalEvaluation(models.Model):
    agreement = models.OneToOneField(
        RehabAgreement, on_delete=models.CASCADE, related_name="final_evaluation"
    )
    held_on = models.DateField(_("held on"))
    next_step = models.CharField(
        _("next step"),
        max_length=15,
        choices=NextStep.choices,
        blank=True,
        help_text=_("Leave empty if the next step is not decided yet."),
    )
    next_step_details = models.CharField(_("details of the next step"), max_length=300, blank=True)
    summary = models.TextField(_("summary of the evaluation"), max_length=limits.NOTES)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final evaluation")
        verbose_name_plural = _("final evaluations")

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y}"


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
#: The feedback scores, in the order of the form (field name, question).
FEEDBACK_SCORES = (
    ("score_tasks", _("The tasks were meaningful")),
    ("score_guidance", _("I got enough guidance and support")),
    ("score_community", _("The atmosphere at the place was good")),
    ("score_overall", _("Overall, the period was useful to me")),
)


class Feedback(models.Model):
    """The client's feedback on a period (unified form). Reports show it only as anonymous aggregates."""

    agreement = models.OneToOneField(RehabAgreement, on_delete=models.CASCADE, related_name="feedback")
    given_on = models.DateField(_("given on"))
    filled_by = models.CharField(_("filled in"), max_length=12, choices=FeedbackFilledBy.choices)
    score_tasks = models.PositiveSmallIntegerField(FEEDBACK_SCORES[0][1], validators=SCORE_VALIDATORS)
    score_guidance = models.PositiveSmallIntegerField(FEEDBACK_SCORES[1][1], validators=SCORE_VALIDATORS)
    score_community = models.PositiveSmallIntegerField(FEEDBACK_SCORES[2][1], validators=SCORE_VALIDATORS)
    score_overall = models.PositiveSmallIntegerField(FEEDBACK_SCORES[3][1], validators=SCORE_VALIDATORS)
    comments = models.TextField(_("free feedback"), max_length=limits.TEXT, blank=True)

    class Meta:
        verbose_name = _("client feedback")
        verbose_name_plural = _("client feedback")

    def __str__(self):
        return f"{self.given_on:%d.%m.%Y}"


class CompensationClaim(VersionedModel):
    """A claim for state compensation to the KEHA centre for one accounting period."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    kind = models.CharField(_("kind"), max_length=15, choices=ClaimKind.choices, default=ClaimKind.ORIGINAL)
    supplements = models.ForeignKey(
        "self",
        verbose_name=_("supplements"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supplementary_claims",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reference = models.CharField(_("KEHA reference"), max_length=60, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="rehab_claim_end_after_start",
                violation_error_message=_("The claim period cannot end before it starts: check the end date."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("rehab_work:claim_detail", args=[self.pk])


class ClaimedDay(ConstraintErrorsOnFields, models.Model):
    """One participation day in one claim. The unique attendance makes sure no day is claimed twice."""

    claim = models.ForeignKey(CompensationClaim, on_delete=models.CASCADE, related_name="days")
    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="claimed")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    amount = models.DecimalField(_("compensation"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("claimed day")
        verbose_name_plural = _("claimed days")
        constraints = [models.UniqueConstraint(fields=["attendance"], name="rehab_day_claimed_once",
            violation_error_message=_("This day has already been claimed from the KEHA centre."))]
        indexes = [models.Index(fields=["client", "day"])]

    def __str__(self):
        return f"{self.day:%d.%m.%Y} {self.amount} €"
