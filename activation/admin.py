from django.contrib import admin

from .models import ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    """The maintained list of services a plan row may name (the admin role keeps it)."""

    list_display = ["name", "name_sv", "code", "is_rehabilitative_work", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["active", "is_rehabilitative_work"]
    search_fields = ["name", "name_sv", "code"]

    def has_delete_permission(self, request, obj=None):
        return False  # rows in old plans point at the type: take it out of use instead
