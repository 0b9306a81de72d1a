from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Client


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    """Read-only in admin: clients are handled in the app, where every read is logged."""

    list_display = ["last_name", "first_name", "status", "responsible_worker"]
    list_filter = ["status", "is_typ"]
    search_fields = ["last_name"]
    exclude = ["national_id", "health_notes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


