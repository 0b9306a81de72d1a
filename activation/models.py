from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.enums import MainIncome
from clients.models import Client
from joutsa_tyollisyys import limits
from joutsa_tyollisyys.law import law_on
from joutsa_tyollisyys.models import VersionedModel

from . import rules
from .enums import EndReason, PlanKind, PlanStatus


class ServiceType(models.Model):
    """The maintained list of tasks and services a plan may contain (edited by the admin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Finnish)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    is_rehabilitative_work = models.BooleanField(
        _("rehabilitative work"),
        default=False,
        help_text=_("Rows of this type need the place, hours a day, days a week, start and length."),
    )
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self):
        return self.name_sv if (get_language() or "").startswith("sv") and self.name_sv else self.name


class ActivationFigures(VersionedModel):
    """The client's figures the activation condition is computed from, as the coach last checked them."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="activation_figures")
    checked_on = models.DateField(_("figures checked on"))
    subsidy_days_12m = models.PositiveIntegerField(
        _("labour market subsidy days in the last 12 months"), validators=[MaxValueValidator(366)]
    )
    subsidy_days_total = models.PositiveIntegerField(_("labour market subsidy days in total"))
    income_support_months = models.PositiveSmallIntegerField(
        _("continuous months with income support as main income"), validators=[MaxValueValidator(600)]
    )
    receives_unemployment_benefit = models.BooleanField(
        _("receives an unemployment benefit now"), default=False
    )
    receives_income_support = models.BooleanField(_("receives income support now"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("activation figures")
        verbose_name_plural = _("activation figures")

    def __str__(self):
        return f"{self.client} {self.checked_on:%d.%m.%Y}"

    def condition(
        self, on: date, birth_date: date | None = None, main_income: str | None = None, law=None
    ) -> rules.ConditionResult:
        """The condition under the law in force on ``on`` (``main_income``: the client's, if already read;
        ``law``: ``law_on(on)`` if already read, as a list of many clients does)."""
        birth_date = birth_date or self.client.birth_date
        main_income = self.client.main_income if main_income is None else main_income
        return rules.activation_condition(
            age=rules.age_on(birth_date, on),
            on=on,
            subsidy_days_12m=self.subsidy_days_12m,
            subsidy_days_total=self.subsidy_days_total,
            income_support_months=self.income_support_months,
            benefit_recipient=rules.is_benefit_recipient(
                main_income=main_income, receives_unemployment_benefit=self.receives_unemployment_benefit
            ),
            income_support=self.receives_income_support or main_income == MainIncome.INCOME_SUPPORT,
            income_support_only=(law or law_on(on)).activation_income_support_only,
        )

    def starter(self, on: date):
        return rules.process_starter(
            unemployment_benefit=self.receives_unemployment_benefit,
            income_support=self.receives_income_support,
            employment_authority=law_on(on).employment_authority,
        )


class ActivationPlan(VersionedModel):
    """An activation plan, or a TYP client's multi-agency employment plan (same structure, other parties)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="activation_plans")
    kind = models.CharField(_("kind"), max_length=15, choices=PlanKind.choices, default=PlanKind.ACTIVATION)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    starts_on = models.DateField(_("start date"))
    review_by = models.DateField(_("review date"), help_text=_("The date by which the plan is reviewed."))
    goals = models.TextField(_("goals"), max_length=limits.TEXT, blank=True)
    rehab_goal = models.TextField(
        _("goal of rehabilitative work"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("What the client aims at in rehabilitative work (law 189/2001, since 1.1.2021)."),
    )
    support = models.TextField(
        _("support and guidance"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("The support and guidance given to the client during the plan."),
    )
    municipality_party = models.CharField(_("municipality's representative"), max_length=150, blank=True)
    employment_party = models.CharField(
        _("TE office / employment authority expert"), max_length=150, blank=True
    )
    kela_party = models.CharField(_("Kela's representative"), max_length=150, blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    client_signed = models.BooleanField(_("signed by the client"), default=False)
    municipality_signed = models.BooleanField(_("signed by the municipality"), default=False)
    employment_signed = models.BooleanField(
        _("signed by the TE office / employment authority"), default=False
    )
    kela_signed = models.BooleanField(_("signed by Kela"), default=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=15, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note on ending"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("activation plan")
        verbose_name_plural = _("activation plans")
        constraints = [
            # Only one plan in force per client (docs/domain.md § 5.1); the service ends the previous one first.
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status="agreed"),
                name="activation_one_agreed_plan_per_client",
                violation_error_message=_("The client already has an agreed activation plan: review or end it first."),
            ),
        ]
        indexes = [models.Index(fields=["status", "review_by"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.client} {self.starts_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("activation:plan_detail", args=[self.pk])

    def is_in_force(self, on: date) -> bool:
        return (
            self.agreed_on is not None
            and self.agreed_on <= on
            and self.status in (PlanStatus.AGREED, PlanStatus.ENDED)
            and (self.ended_on is None or self.ended_on > on)
        )

    @property
    def is_draft(self):
        return self.status == PlanStatus.DRAFT


class PlanTask(models.Model):
    """One of the client's tasks or services in a plan; rehabilitative work has its own details."""

    plan = models.ForeignKey(ActivationPlan, on_delete=models.CASCADE, related_name="tasks")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, verbose_name=_("service"))
    description = models.CharField(_("task or service"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    hours_per_day = models.DecimalField(
        _("hours a day"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    days_per_week = models.PositiveSmallIntegerField(_("days a week"), null=True, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    length_months = models.PositiveSmallIntegerField(_("length (months)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("task or service")
        verbose_name_plural = _("tasks and services")

    def __str__(self):
        return self.description or str(self.service_type)


class PlanReview(models.Model):
    """A review of a plan in force: when it was reviewed and the next review date."""

    plan = models.ForeignKey(ActivationPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    next_review_by = models.DateField(_("next review date"))
    notes = models.TextField(_("notes"), max_length=limits.TEXT, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")

    def __str__(self):
        return f"{self.plan} {self.reviewed_on:%d.%m.%Y}"
