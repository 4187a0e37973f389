from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xinfa.complaints.models import Complaint, ComplaintCase, ComplaintTransition, PublicHoliday


class TransitionInline(admin.TabularInline):
    model = ComplaintTransition
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "at", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("number", "category", "severity", "status", "owner", "accepted_at")
    list_filter = ("status", "category", "severity")
    search_fields = ("number",)
    inlines = (TransitionInline,)
    raw_id_fields = ("customer", "interaction", "owner", "investigator", "responsible_person")


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")


@admin.register(ComplaintCase)
class ComplaintCaseAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "root_cause", "created_at")
    search_fields = ("title", "lesson")
