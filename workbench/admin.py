from django.contrib import admin

from .models import ReplyTemplate, SavedView


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "order"]
    list_filter = ["unit"]


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "query", "created_at"]
