from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from xinfa.accounts.models import Branch, Team, User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "display_name", "role", "branch", "team", "is_active")
    list_filter = ("role", "branch", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Xinfa", {"fields": ("role", "display_name", "employee_number", "branch", "team")}),
    )


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "city")
    search_fields = ("code", "name")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "branch", "supervisor")
