from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .access_log_words import describe_what
from .models import AccessLogEntry, Team, User
from .roles import Role


def role_name(group) -> str:
    """A role group by its name in the reader's language (a group that is not a role by its own name)."""
    return str(Role(group.name).label) if group.name in Role.values else group.name


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return role_name(obj)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # A role is a group (the rules are in each app's permissions.py): no per-user permissions to pick from a
    # list of hundreds (that list was most of the page's time).
    fieldsets = tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "user_permissions")})
        for name, options in BaseUserAdmin.fieldsets
    ) + ((_("Work"), {"fields": ("title", "phone", "team")}),)
    list_display = ["username", "first_name", "last_name", "title", "team", "is_active"]
    list_filter = [RoleFilter, "team", "is_active"]
    list_select_related = ["team"]  # nullable: the admin's automatic select_related() would not follow it

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["form_class"] = RoleChoiceField
            kwargs["label"] = _("roles")
            kwargs["help_text"] = _("The user's roles: what they may see and do.")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "is_superuser" in form.base_fields:  # not the administrator role: every permission, no rules
            form.base_fields["is_superuser"].label = _("System superuser (superuser)")
            form.base_fields["is_superuser"].help_text = _(
                "Has every permission without the rules of the roles. For the system's maintainers only: give "
                "an administrator the Administrator role instead."
            )
        return form


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(BaseGroupAdmin):
    list_display = ["role", "name"]

    @admin.display(description=_("role"), ordering="name")
    def role(self, obj):
        return role_name(obj)


admin.site.register(Team)


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin):
    """The access log, filtered by client (id) or user. Read-only: the log is append-only."""

    list_display = ["at", "username", "client_id", "action", "what_in_words", "path", "ip"]
    fields = ["at", "username", "user_id", "client_id", "action", "what_in_words", "path", "ip"]
    readonly_fields = fields
    list_filter = ["action", "username"]
    search_fields = ["=client_id", "=username"]
    date_hierarchy = "at"
    show_full_result_count = False

    @admin.display(description=_("what"), ordering="what")
    def what_in_words(self, obj):
        return describe_what(obj.what)

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
