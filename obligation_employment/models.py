"""Obligation employment (docs/domain.md § 5.3): one case per employment notice, its wage subsidy (§ 5.4)
and the payment claims laid out from the subsidy decision.

The case keeps every stage on one row (notice → supervisors' meeting → application → decision →
contract → closing) so that one version number guards the whole case (optimistic locking) and one
change history tells its story.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from joutsa_tyollisyys import limits
from joutsa_tyollisyys.models import DateEffective, VersionedModel

from .enums import (
    OPEN_STATUSES,
    CaseStatus,
    ClaimPeriodLength,
    ClaimStatus,
    MeetingDecision,
    Outcome,
    RateCategory,
)

MONEY = {"max_digits": 10, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"))]
HOURS = {"max_digits": 4, "decimal_places": 2, "null": True, "blank": True, "validators": POSITIVE}


class ObligationSettings(models.Model):
    """A singleton: is the obligation process in use in this municipality? (docs/domain.md § 5.3: whether
    the obligation still exists after the 2025 reform is not confirmed, so admins can switch it off.)"""

    enabled = models.BooleanField(
        _("obligation employment in use"),
        default=True,
        help_text=_("When off, no new cases can be registered; open cases and their claims can be finished."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("obligation employment settings")
        verbose_name_plural = _("obligation employment settings")

    def __str__(self):
        return str(_("Obligation employment settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "ObligationSettings":
        return cls.objects.get_or_create(pk=1)[0]


class WageSubsidyRate(DateEffective):
    """Wage-subsidy percentage and monthly maximum per category, by date (seeded: 1.7.2023 rates).

    The monthly maximums are not confirmed (docs/domain.md § 5.4): the seed leaves them empty and the admin
    enters them; the clerk always records the maximum stated in the decision itself.
    """

    category = models.CharField(_("category"), max_length=3, choices=RateCategory.choices)
    percent = models.DecimalField(
        _("rate (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    monthly_maximum = models.DecimalField(
        _("monthly maximum (€)"),
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_("Leave empty while the amount is not known."),
        **MONEY,
    )
    max_months = models.PositiveSmallIntegerField(_("longest subsidy period (months)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    effective_key = ("category",)
    history = HistoricalRecords()

    class Meta(DateEffective.Meta):
        verbose_name = _("wage-subsidy rate")
        verbose_name_plural = _("wage-subsidy rates")
        ordering = ["category", "-valid_from"]

    def __str__(self):
        return f"{self.get_category_display()} ({self.valid_from:%d.%m.%Y}–)"


class ObligationCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class ObligationCase(VersionedModel):
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="obligation_cases"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.AWAITING_MEETING,
        db_index=True,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="obligation_cases",
    )

    # Employment notice (työllistämisilmoitus) from the employment authority.
    notice_date = models.DateField(_("date of the employment notice"))
    allowance_end_date = models.DateField(_("earnings-related allowance ends on"))

    # The supervisors' meeting.
    meeting_date = models.DateField(_("date of the supervisors' meeting"), null=True, blank=True)
    meeting_decision = models.CharField(
        _("decision of the meeting"), max_length=10, choices=MeetingDecision.choices, blank=True
    )
    work_unit = models.CharField(_("unit"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    supervisor = models.CharField(_("supervisor"), max_length=150, blank=True)
    weekly_hours = models.DecimalField(_("working hours per week"), **HOURS)
    declined_reason = models.TextField(_("reason for declining"), max_length=limits.REASON, blank=True)

    # Wage-subsidy application.
    application_sent_on = models.DateField(_("application sent on"), null=True, blank=True)
    rate_category = models.CharField(
        _("rate category"), max_length=3, choices=RateCategory.choices, blank=True
    )
    applied_start = models.DateField(_("subsidy applied from"), null=True, blank=True)
    applied_end = models.DateField(_("subsidy applied until"), null=True, blank=True)
    claim_period_months = models.PositiveSmallIntegerField(
        _("length of a claim period"), null=True, blank=True, choices=ClaimPeriodLength.choices
    )

    # Wage-subsidy decision.
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    decision_rate = models.DecimalField(
        _("rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    decision_start = models.DateField(_("subsidy from"), null=True, blank=True)
    decision_end = models.DateField(_("subsidy until"), null=True, blank=True)
    monthly_maximum = models.DecimalField(
        _("monthly maximum (€)"), null=True, blank=True, validators=POSITIVE, **MONEY
    )

    # Employment contract (the municipality is the employer).
    contract_start = models.DateField(_("employment starts"), null=True, blank=True)
    contract_end = models.DateField(_("employment ends"), null=True, blank=True)
    monthly_salary = models.DecimalField(
        _("monthly salary (€)"), null=True, blank=True, validators=POSITIVE, **MONEY
    )
    contract_weekly_hours = models.DecimalField(_("working hours per week"), **HOURS)

    # Closing.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("notes on the outcome"), max_length=limits.TEXT, blank=True)

    objects = ObligationCaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("obligation employment case")
        verbose_name_plural = _("obligation employment cases")
        ordering = ["-notice_date", "-id"]

    def __str__(self):
        return _("Obligation employment case %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("obligation_employment:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class WageSubsidyClaim(VersionedModel):
    """One payment claim (maksatushakemus) of a wage-subsidy decision, for one claim period."""

    case = models.ForeignKey(ObligationCase, on_delete=models.CASCADE, related_name="claims")
    number = models.PositiveSmallIntegerField(_("number"))
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    deadline = models.DateField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DUE, db_index=True
    )
    wages = models.DecimalField(_("wage costs paid in the period (€)"), null=True, blank=True, **MONEY)
    subsidy_amount = models.DecimalField(_("subsidy computed (€)"), null=True, blank=True, **MONEY)
    submitted_on = models.DateField(_("sent on"), null=True, blank=True)
    amount_claimed = models.DecimalField(_("amount claimed (€)"), null=True, blank=True, **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    amount_paid = models.DecimalField(_("amount paid (€)"), null=True, blank=True, **MONEY)
    lapsed_on = models.DateField(_("marked lapsed on"), null=True, blank=True)
    reminder_sent_on = models.DateField(_("reminder sent on"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("wage-subsidy payment claim")
        verbose_name_plural = _("wage-subsidy payment claims")
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="oe_claim_unique_number",
            violation_error_message=_("The case already has a payment claim with this number."))]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return _("Claim %(number)s, %(start)s–%(end)s") % {
            "number": self.number,
            "start": f"{self.period_start:%d.%m.%Y}",
            "end": f"{self.period_end:%d.%m.%Y}",
        }
