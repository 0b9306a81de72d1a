"""What the administrator maintains: examination types, the sote team's schedule and the settings.
Clients' health data is never shown in admin."""

from django.contrib import admin

from .models import ExaminationType, HealthCooperationSettings, SoteTeamSchedule


@admin.register(ExaminationType)
class ExaminationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # used on checklists: take out of use instead


@admin.register(SoteTeamSchedule)
class SoteTeamScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "weekday", "interval_weeks", "start_time", "place", "active"]


@admin.register(HealthCooperationSettings)
class HealthCooperationSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "health_check_interval_months"]

    def has_add_permission(self, request):
        return not HealthCooperationSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
