"""Text messages in admin: read-only, for following the gateway (statuses, attempts, errors). The number and the
text are not shown here: they are read on the client's page, where the read is logged."""

from django.contrib import admin

from joutsa_tyollisyys.admin import ReadOnlyAdmin

from .models import TextMessage


@admin.register(TextMessage)
class TextMessageAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["id", "client_id", "key", "purpose", "status", "attempts", "created_at", "sent_at", "gateway_id"]
    list_filter = ["status", "purpose"]
    search_fields = ["gateway_id", "key"]
    fields = ["client_id", "purpose", "key", "status", "gateway_id", "attempts", "error", "created_at", "sent_at",
              "status_at", "created_by", "cancelled_by"]
    readonly_fields = fields
    list_select_related = ["created_by"]
