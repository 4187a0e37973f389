from django.contrib import admin

from xinfa.knowledge.models import FaqEntry, Script


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ("question", "category", "audience", "is_active", "updated_at")
    list_filter = ("category", "audience", "is_active")
    search_fields = ("question", "answer")


@admin.register(Script)
class ScriptAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "audience", "is_active")
    list_filter = ("kind", "audience", "is_active")
    search_fields = ("title", "text")
