from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CompetenceArea, LibraryDocument, Qualification, ServiceLengthLimit


@admin.register(ServiceLengthLimit)
class ServiceLengthLimitAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "max_months", "source"]


class CompetenceAreaInline(admin.TabularInline):
    model = CompetenceArea
    extra = 1


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    inlines = [CompetenceAreaInline]


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "qualification", "order", "active"]
    list_filter = ["qualification", "active"]


@admin.register(LibraryDocument)
class LibraryDocumentAdmin(SimpleHistoryAdmin):
    """Uploading a file for a form publishes its next version; earlier versions stay downloadable."""

    list_display = ["kind", "version", "published_on", "notes"]
    list_filter = ["kind"]
    readonly_fields = ["version", "published_on"]
