"""Admin for the service desk: counters are configured here; history is read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xinfa.service.models import (
    Counter,
    Interaction,
    InteractionEvent,
    Message,
    QueueTicket,
    ServiceLogEntry,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("sequence", "speaker", "text", "sent_at", "author")


class ServiceLogInline(ReadOnlyInline):
    model = ServiceLogEntry
    fields = ("need", "process", "result", "recorded_by", "created_at")
    readonly_fields = ("created_at",)


class EventInline(ReadOnlyInline):
    model = InteractionEvent
    fields = ("kind", "actor", "from_user", "to_user", "reason", "at")
    readonly_fields = ("at",)


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    """Interactions change only through services, so the admin only reads them."""

    list_display = ("id", "channel", "status", "customer", "handled_by", "started_at", "outcome")
    list_filter = ("channel", "status", "outcome", "branch")
    list_select_related = ("customer", "handled_by")
    search_fields = ("subject", "external_ref", "customer__customer_number")
    date_hierarchy = "started_at"
    inlines = (MessageInline, ServiceLogInline, EventInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("code", "branch", "service_types", "is_active")
    list_filter = ("branch", "is_active")
    search_fields = ("code",)


@admin.register(QueueTicket)
class QueueTicketAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "branch",
        "business_date",
        "service_type",
        "status",
        "is_priority",
        "wait_seconds",
        "handle_seconds",
    )
    list_filter = ("branch", "business_date", "service_type", "status", "is_priority")
    list_select_related = ("branch",)
    search_fields = ("number",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
