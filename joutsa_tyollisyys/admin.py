from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .access_log_words import describe_what
from .extensions import register_admin_models
from .formatting import format_date
from .models import AccessibilityFeedback, AccessLogEntry, LawRuleSet, SsoGroupRole, SsoIdentity, Team, User
from .roles import Role
from .services import SUPERUSER, calendar_token_rotate, user_access_changed

#: What no administrator changes on their own user (roles, team, superuser and staff status): another does it.
SELF_LOCKED = ("groups", "team", "is_superuser", "is_staff", "is_active")


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


def _access(user) -> set[str]:
    """A user's roles, and "superuser" for a superuser (who sees everything): what the audit compares."""
    if user is None:
        return set()
    return set(user.groups.values_list("name", flat=True)) | ({SUPERUSER} if user.is_superuser else set())


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # A role is a group (the rules are in each app's permissions.py): no per-user permissions to pick from a
    # list of hundreds (that list was most of the page's time).
    fieldsets = tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "user_permissions")})
        for name, options in BaseUserAdmin.fieldsets
    ) + ((_("Work"), {"fields": ("title", "phone", "team")}),
         (_("Single sign-on"), {"fields": ("sso_account",)}))
    list_display = ["username", "first_name", "last_name", "title", "team", "is_active"]
    list_filter = [RoleFilter, "team", "is_active"]
    list_select_related = ["team"]  # nullable: the admin's automatic select_related() would not follow it
    actions = ["rotate_calendar_tokens"]

    @admin.action(description=_("Make new calendar addresses (the old ones stop working)"))
    def rotate_calendar_tokens(self, request, queryset):
        count = calendar_token_rotate(actor=request.user, user_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("New calendar addresses made: %(count)s.") % {"count": count})

    @admin.display(description=_("single sign-on account"))
    def sso_account(self, obj):
        """The identity provider's account that signs in as this user (roles then come from its groups)."""
        identity = SsoIdentity.objects.filter(user=obj).first() if obj and obj.pk else None
        if identity is None:
            return _("None: signs in with a password")
        return _("%(subject)s, latest sign-in %(when)s (roles from the groups of the identity service)") % {
            "subject": identity.subject, "when": formats.date_format(timezone.localtime(identity.last_signed_in),
                                                                       "SHORT_DATETIME_FORMAT")}

    def get_readonly_fields(self, request, obj=None):
        """Nobody changes their own roles or team (another administrator does), and only a superuser makes
        superusers. Read-only fields are not in the form: a forged POST changes nothing either."""
        fields = [*super().get_readonly_fields(request, obj), "sso_account"]
        if obj is not None and obj.pk == request.user.pk:
            fields += [f for f in SELF_LOCKED if f not in fields]
        elif not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and str(object_id) == str(request.user.pk):
            messages.warning(request, _("You cannot change your own roles or team: ask another administrator."))
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).select_related("team").first() if change else None
        request._access_before = (_access(before), str(before.team) if before and before.team else "")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        roles_before, team_before = getattr(request, "_access_before", (set(), ""))
        user.refresh_from_db(fields=["team"])
        user_access_changed(
            actor=request.user, request=request, user=user, roles_before=roles_before,
            roles_after=_access(user),
            team_before=team_before, team_after=str(user.team) if user.team else "",
        )


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


class ReadOnlyAdmin:
    """An admin for reading only (a log, a record the app writes itself): nothing is added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogAdmin(ReadOnlyAdmin, admin.ModelAdmin):
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

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("core.view_access_log")

    def has_module_permission(self, request):
        return request.user.has_perm("core.view_access_log") or super().has_module_permission(request)


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    """Feedback from the accessibility statement: answer within 14 days (law 306/2019 § 15) and mark it."""

    list_display = ["sent_at", "page", "contact", "answered_at"]
    list_filter = ["answered_at"]
    readonly_fields = ["message", "contact", "page", "sent_by", "sent_at"]
    fields = ["sent_at", "sent_by", "page", "contact", "message", "answered_at"]

    def has_add_permission(self, request):
        return False


register_admin_models("core.accessibilityfeedback")


@admin.register(LawRuleSet)
class LawRuleSetAdmin(SimpleHistoryAdmin):
    """The law in force by date (TE24, the activation reform): edit a row's date when it is confirmed."""

    list_display = [
        "valid_from", "name", "employment_authority", "services_act", "multi_agency_act",
        "activation_income_support_only",
    ]
    ordering = ["-valid_from"]


class DateEffectiveAdmin(SimpleHistoryAdmin):
    """A rate table (``DateEffective``): adding a row that starts after the open row of the same series ends
    that row on the day before (the model's ``save``); the admin says so."""

    def save_model(self, request, obj, form, change):
        predecessor = obj.open_predecessor()
        super().save_model(request, obj, form, change)
        if predecessor is not None:
            predecessor.refresh_from_db()
            self.message_user(
                request,
                _("The previous row (%(row)s) now ends on %(end)s: the new one is valid from %(start)s.")
                % {"row": predecessor, "end": format_date(predecessor.valid_to), "start": format_date(obj.valid_from)},
                messages.INFO,
            )


@admin.register(SsoGroupRole)
class SsoGroupRoleAdmin(SimpleHistoryAdmin):
    """Which group of the organisation's identity service gives which role (and team) at single sign-on. Changes
    take effect at each person's next sign-in; the history shows who changed a row and when."""

    list_display = ["group", "role_label", "team"]
    list_filter = ["role", "team"]
    list_select_related = ["team"]
    search_fields = ["group"]

    @admin.display(description=_("role"), ordering="role")
    def role_label(self, obj):
        return obj.get_role_display()


register_admin_models("core.ssogrouprole")
