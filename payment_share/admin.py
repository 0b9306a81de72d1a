from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from joutsa_tyollisyys.admin import DateEffectiveAdmin

from .models import ColumnMapping, PaymentShareBand, ShareRuleSet


@admin.register(ShareRuleSet)
class ShareRuleSetAdmin(DateEffectiveAdmin):
    """The model of the municipal share in force by month (which benefits, billed from how many days)."""

    list_display = ["valid_from", "valid_to", "name", "all_benefits", "billed_from_days", "note"]
    ordering = ["-valid_from"]


@admin.register(PaymentShareBand)
class PaymentShareBandAdmin(DateEffectiveAdmin):
    """The bands of the municipal share by date: enter the 2025 model here (see payment_share/README.md)."""

    list_display = ["valid_from", "valid_to", "min_days", "municipal_percent", "note"]
    list_filter = ["valid_from"]
    ordering = ["-valid_from", "min_days"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "month_column", "national_id_column", "paid_days_column", "share_amount_column"]
    fieldsets = [
        (None, {"fields": ["name"]}),
        (
            _("Columns"),
            {
                "description": _(
                    "For each field the column number (1 = first) or the exact header "
                    "text; leave the optional ones empty when the file has no such column."
                ),
                "fields": [
                    "month_column",
                    "national_id_column",
                    "name_column",
                    "benefit_column",
                    "paid_days_column",
                    "days_in_month_column",
                    "benefit_paid_column",
                    "share_percent_column",
                    "share_amount_column",
                    "invoice_column",
                ],
            },
        ),
    ]
