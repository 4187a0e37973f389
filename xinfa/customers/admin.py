"""Read-only admin for customers: PII masked, edits go through the audited services."""

from typing import Any, ClassVar

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from xinfa.customers.models import Customer, CustomerPreference, Holding, LifeEvent


class ReadOnlyInline(admin.TabularInline):
    fields: ClassVar[tuple[str, ...] | None]  # flat: each subclass lists plain field names
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(self.fields or ())


class PreferenceInline(ReadOnlyInline):
    model = CustomerPreference
    fields = ("category", "text", "is_active", "recorded_by", "created_at")


class LifeEventInline(ReadOnlyInline):
    model = LifeEvent
    fields = ("kind", "occurred_on", "note")


class HoldingInline(ReadOnlyInline):
    model = Holding
    fields = ("kind", "product_name", "masked_account", "amount", "currency", "is_active")

    @admin.display(description=_("账号/卡号（脱敏）"))
    def masked_account(self, obj: Holding) -> str:
        return obj.masked_account_number


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = (
        "customer_number",
        "name",
        "kind",
        "masked_phone",
        "vip_tier",
        "risk_level",
        "home_branch",
        "assigned_manager",
    )
    list_filter = ("kind", "vip_tier", "risk_level", "home_branch")
    search_fields = ("customer_number", "name", "search_name")
    list_select_related = ("home_branch", "assigned_manager")
    # Full ID number, phone and e-mail are never shown here: the audited reveal is the only way.
    fields = (
        "customer_number",
        "kind",
        "name",
        "masked_id_number",
        "masked_phone",
        "masked_email",
        "birth_date",
        "gender",
        "accessibility_needs",
        "vip_tier",
        "risk_level",
        "risk_assessed_on",
        "preferred_channel",
        "language",
        "assigned_manager",
        "home_branch",
        "consent_marketing",
        "consent_data_sharing",
        "consent_recording",
        "notes",
    )
    readonly_fields = ("masked_id_number", "masked_phone", "masked_email")
    inlines = (PreferenceInline, LifeEventInline, HoldingInline)

    @admin.display(description=_("手机号（脱敏）"))
    def masked_phone(self, obj: Customer) -> str:
        return obj.masked_phone

    @admin.display(description=_("身份证号（脱敏）"))
    def masked_id_number(self, obj: Customer) -> str:
        return obj.masked_id_number

    @admin.display(description=_("邮箱（脱敏）"))
    def masked_email(self, obj: Customer) -> str:
        return obj.masked_email

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
