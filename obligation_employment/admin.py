"""The admin manages the wage-subsidy rate table and the on/off switch; cases are handled in the app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from joutsa_tyollisyys.admin import DateEffectiveAdmin

from .models import ObligationSettings, WageSubsidyRate


@admin.register(WageSubsidyRate)
class WageSubsidyRateAdmin(DateEffectiveAdmin):
    list_display = ["category", "percent", "monthly_maximum", "max_months", "valid_from", "valid_to"]
    list_filter = ["category"]
    fields = ["category", "percent", "monthly_maximum", "max_months", "valid_from", "valid_to", "note"]


@admin.register(ObligationSettings)
class ObligationSettingsAdmin(SimpleHistoryAdmin):
    """One row: the switch. It cannot be added twice or deleted."""

    list_display = ["__str__", "enabled"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ObligationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
