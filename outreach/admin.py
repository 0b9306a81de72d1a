from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import placeholders
from .models import InvitationTemplate


@admin.register(InvitationTemplate)
class InvitationTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        allowed = ", ".join(f"{{{key}}} = {label}" for key, label in placeholders.PLACEHOLDERS.items())
        kwargs["help_texts"] = {name: _("Placeholders: %(allowed)s.") % {"allowed": allowed}
                                for name in ("letter_fi", "letter_sv", "text_fi", "text_sv")}
        return super().get_form(request, obj, change, **kwargs)
