from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField
from simple_history.models import HistoricalRecords

from clients.models import Client
from joutsa_tyollisyys.formatting import format_decimal
from joutsa_tyollisyys.models import DateEffective, VersionedModel

from . import parsing
from .enums import JobStage, JobStatus
from .rules import Band

COLUMN_HELP = _("The column number (1 = first column) or the exact text of the column's header.")


class PaymentShareBand(DateEffective):
    """One band of the municipal share (docs/domain.md § 6.1): from ``min_days`` paid days on, the municipality
    pays ``municipal_percent``. The 2015–2024 rule is seeded by a migration; the admin enters later models."""

    min_days = models.PositiveIntegerField(
        _("from paid days"), help_text=_("The band applies from this many cumulative paid days on.")
    )
    municipal_percent = models.DecimalField(
        _("municipal share %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    history = HistoricalRecords()

    effective_key = ("min_days",)

    class Meta(DateEffective.Meta):
        verbose_name = _("payment-share band")
        verbose_name_plural = _("payment-share bands")
        ordering = ["-valid_from", "min_days"]

    def __str__(self):
        return f"{self.min_days}+ → {format_decimal(self.municipal_percent)} % ({self.valid_from:%d.%m.%Y}–)"

    def as_band(self) -> Band:
        return Band(self.min_days, self.municipal_percent)


class ShareRuleSet(DateEffective):
    """The model of the municipal share in force for a month (docs/domain.md § 6.1): which benefits it covers and from
    how many paid days Kela bills. Seeded for 1.1.2015–31.12.2024 (labour market subsidy, from 300 days) and
    from 1.1.2025 (TE24: all unemployment benefits, from 101 days); its bands are ``PaymentShareBand`` rows of
    the same period. Looked up by the list's month, never by a date in code."""

    name = models.CharField(_("name"), max_length=120)
    all_benefits = models.BooleanField(
        _("covers all unemployment benefits"),
        default=False,
        help_text=_("Off: the labour market subsidy only (the rule of 2015–2024)."),
    )
    billed_from_days = models.PositiveIntegerField(
        _("billed from paid days"), help_text=_("Kela bills the municipality for persons with this many paid days.")
    )
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(DateEffective.Meta):
        verbose_name = _("municipal-share rule set")
        verbose_name_plural = _("municipal-share rule sets")

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d.%m.%Y}–)"


class ColumnMapping(models.Model):
    """A saved column layout for lists that differ from the default one (entered by the admin)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    month_column = models.CharField(_("month"), max_length=100, help_text=COLUMN_HELP)
    national_id_column = models.CharField(_("personal identity code"), max_length=100, help_text=COLUMN_HELP)
    name_column = models.CharField(_("name"), max_length=100, help_text=COLUMN_HELP)
    benefit_column = models.CharField(_("benefit"), max_length=100, blank=True, help_text=COLUMN_HELP)
    paid_days_column = models.CharField(_("paid days cumulative"), max_length=100, help_text=COLUMN_HELP)
    days_in_month_column = models.CharField(
        _("days in month"), max_length=100, blank=True, help_text=COLUMN_HELP
    )
    benefit_paid_column = models.CharField(
        _("benefit paid €"), max_length=100, blank=True, help_text=COLUMN_HELP
    )
    share_percent_column = models.CharField(
        _("municipal share %"), max_length=100, blank=True, help_text=COLUMN_HELP
    )
    share_amount_column = models.CharField(_("municipal share €"), max_length=100, help_text=COLUMN_HELP)
    invoice_column = models.CharField(_("invoice"), max_length=100, blank=True, help_text=COLUMN_HELP)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("column layout of the payment-share list")
        verbose_name_plural = _("column layouts of the payment-share list")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def as_layout(self) -> parsing.Layout:
        return parsing.Layout({name: getattr(self, f"{name}_column").strip() for name in parsing.FIELDS})

    def clean(self):
        super().clean()
        specs = [getattr(self, f"{name}_column").strip() for name in parsing.FIELDS]
        numbers = [s for s in specs if s.isdigit()]
        if any(int(s) < 1 for s in numbers):
            raise ValidationError(_("Column numbers start from 1."))
        filled = [s.casefold() for s in specs if s]
        if len(filled) != len(set(filled)):
            raise ValidationError(_("Two fields point to the same column."))


class ImportJob(models.Model):
    """One upload of a list: validated rows wait here (encrypted) until the task has saved them."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    file_name = models.CharField(_("file"), max_length=200)
    mapping = models.ForeignKey(
        ColumnMapping, verbose_name=_("column layout"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=10, choices=JobStage.choices, default=JobStage.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    months = models.JSONField(_("months"), default=list)
    replace_months = models.JSONField(_("months replaced"), default=list)
    payload = EncryptedTextField(null=True, blank=True, editable=False)
    linked_count = models.PositiveIntegerField(_("known clients"), default=0)
    created_count = models.PositiveIntegerField(_("new clients"), default=0)
    error_message = models.CharField(_("error"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When the job was handed to the broker: a job still queued long after it was lost its message.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import of a payment-share list")
        verbose_name_plural = _("imports of payment-share lists")

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("payment_share:job", args=[self.pk])

    @property
    def month_dates(self):
        from datetime import date

        return [date.fromisoformat(m) for m in self.months]

    @property
    def replace_month_dates(self):
        return sorted({month for month, _invoice in self.replace_lists})

    @property
    def replace_lists(self) -> list:
        """(month, invoice) of the lists this import replaces (``replace_months`` holds their ``list_key``)."""
        return [parse_list_key(key) for key in self.replace_months]


def list_key(month, invoice: str = "") -> str:
    """A month's list as text: ``2025-01-01`` (the usual list) or ``2025-01-01/12345`` (one invoice of the month)."""
    return month.isoformat() + (f"/{invoice}" if invoice else "")


def parse_list_key(key: str):
    from datetime import date

    month, _sep, invoice = key.partition("/")
    return date.fromisoformat(month), invoice


class PaymentShareList(VersionedModel):
    """Kela's list (invoice) for one month. A month usually has one; in the transition of 2025 Kela sent separate
    invoices for a month, told apart by ``invoice`` (blank for the usual one). A new import of the same month
    and invoice replaces it (logged in history); another invoice of the month is kept and added up."""

    constraint_fields = {"payment_share_one_list_per_invoice": "month"}  # beside the month the user chooses

    month = models.DateField(_("month"))
    invoice = models.CharField(_("invoice"), max_length=40, blank=True, default="")
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job = models.ForeignKey(ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="lists")
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    person_count = models.PositiveIntegerField(_("persons"), default=0)
    total_share = models.DecimalField(_("municipal share €"), max_digits=14, decimal_places=2, default=0)
    times_replaced = models.PositiveIntegerField(_("times replaced"), default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-month", "invoice"]
        verbose_name = _("payment-share list")
        verbose_name_plural = _("payment-share lists")
        constraints = [
            models.UniqueConstraint(fields=["month", "invoice"], name="payment_share_one_list_per_invoice",
                violation_error_message=_("This month already has a list of this invoice."))
        ]

    def __str__(self):
        return f"{self.month:%m/%Y}" + (f" ({self.invoice})" if self.invoice else "")


class PaymentShareEntry(VersionedModel):
    """One person on one month's list, with who contacts them and whether they were contacted."""

    share_list = models.ForeignKey(PaymentShareList, on_delete=models.CASCADE, related_name="entries")
    # No single-column indexes on month, client or contact worker: the unique (month, client) and the indexes
    # below lead with them (each one less to write for the 30,000 rows of an import).
    month = models.DateField(_("month"))
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="payment_share_entries",
        db_index=False,
    )
    row_number = models.PositiveIntegerField(_("row in the file"), default=0)
    benefit = models.CharField(_("benefit"), max_length=60, blank=True)
    paid_days = models.PositiveIntegerField(_("paid days cumulative"))
    days_in_month = models.PositiveSmallIntegerField(_("days in month"), null=True, blank=True)
    benefit_paid = models.DecimalField(
        _("benefit paid €"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    share_percent = models.DecimalField(
        _("municipal share %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    share_amount = models.DecimalField(_("municipal share €"), max_digits=12, decimal_places=2)
    new_client = models.BooleanField(_("new person from the list"), default=False)
    contact_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who contacts"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment_share_contacts",
        db_index=False,
    )
    contacted_on = models.DateField(_("contacted on"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["month", "pk"]
        verbose_name = _("person on the payment-share list")
        verbose_name_plural = _("persons on the payment-share list")
        constraints = [
            models.UniqueConstraint(fields=["share_list", "client"], name="payment_share_one_row_per_list",
                violation_error_message=_("The person is already on this list."))
        ]
        indexes = [
            models.Index(fields=["client", "-month"]),
            models.Index(fields=["contact_worker", "month"]),
            # The review's "approaching the next band" filter: a few paid-day ranges of the month's list.
            models.Index(fields=["month", "paid_days"]),
            # The persons not marked contacted (the review's default question, the report's contact rate).
            models.Index(fields=["month", "client"], condition=models.Q(contacted_on__isnull=True),
                         name="payment_share_not_contacted"),
        ]

    def __str__(self):
        return f"{self.client} {self.month:%m/%Y}"
