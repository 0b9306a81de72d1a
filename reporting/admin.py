from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MonthlyInputs, MonthlyReport


@admin.register(MonthlyInputs)
class MonthlyInputsAdmin(SimpleHistoryAdmin):
    list_display = ["month", "unemployment_rate", "tyovarikko_income", "workshop_income", "entered_by"]
    list_select_related = ["entered_by"]  # nullable: the admin's automatic select_related() leaves it out
    readonly_fields = ["entered_by"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    """Reports are read-only here: they are generated and finalised in the app."""

    list_display = ["month", "version", "status", "generated_at", "finalised_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
