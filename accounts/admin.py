from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, ("角色", {"fields": ("role", "unit", "phone")}))
    autocomplete_fields = ("unit",)
