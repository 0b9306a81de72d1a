from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from joutsa_tyollisyys.admin import DateEffectiveAdmin

from .models import CompensationRate, ExpenseAllowanceRate, Placement


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "organisation",
        "outside_municipality",
        "contact_person",
        "capacity",
        "active",
    ]
    list_filter = ["kind", "outside_municipality", "active"]
    search_fields = ["name", "organisation", "contact_person"]


@admin.register(CompensationRate, ExpenseAllowanceRate)
class RateAdmin(DateEffectiveAdmin):
    list_display = ["amount_per_day", "valid_from", "valid_to"]
