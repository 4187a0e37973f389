"""Read-only admin: verdicts and their history change only through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xinfa.quality.models import Appeal, Inspection, RubricVersion, RuleOverride


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RubricVersion)
class RubricVersionAdmin(ReadOnlyAdmin):
    list_display = ("rubric", "version", "is_active", "created_by", "created_at")
    list_filter = ("is_active",)


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "interaction", "rubric_version", "score", "passed", "has_critical",
                    "is_final", "created_at")  # fmt: skip
    list_filter = ("is_final", "passed", "has_critical")
    list_select_related = ("interaction", "rubric_version__rubric")
    exclude = ("result",)


@admin.register(RuleOverride)
class RuleOverrideAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "rule_id", "from_outcome", "to_outcome", "actor", "at")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "agent", "status", "decided_by", "opened_at")
    list_filter = ("status",)
