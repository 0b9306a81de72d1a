from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry, Team, User
from .services import calendar_token_rotate


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # A role is a group (the rules are in each app's permissions.py): no per-user permissions to pick from a
    # list of hundreds (that list was most of the page's time).
    fieldsets = tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "user_permissions")})
        for name, options in BaseUserAdmin.fieldsets
    ) + ((_("Work"), {"fields": ("title", "phone", "team")}),)
    list_display = ["username", "first_name", "last_name", "title", "team", "is_active"]
    list_filter = ["groups", "team", "is_active"]
    list_select_related = ["team"]  # nullable: the admin's automatic select_related() would not follow it
    actions = ["rotate_calendar_tokens"]

    @admin.action(description=_("Make new calendar addresses (the old ones stop working)"))
    def rotate_calendar_tokens(self, request, queryset):
        count = calendar_token_rotate(actor=request.user, user_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("New calendar addresses made: %(count)s.") % {"count": count})


admin.site.register(Team)


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin):
    """The access log, filtered by client (id) or user. Read-only: the log is append-only."""

    list_display = ["at", "username", "client_id", "action", "what", "path", "ip"]
    list_filter = ["action", "username"]
    search_fields = ["=client_id", "=username"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("core.view_access_log")

    def has_module_permission(self, request):
        return request.user.has_perm("core.view_access_log") or super().has_module_permission(request)
