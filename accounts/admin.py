from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security
from .models import ApiToken, User

# django-otp's admin pages show TOTP secrets and recovery codes: nobody reads another user's second
# factor. An administrator resets one with the user list's action instead.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, ("角色", {"fields": ("role", "unit", "phone")}))
    autocomplete_fields = ("unit",)
    actions = ["reset_second_factor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        security.account_saved(obj, set(form.changed_data))

    @admin.action(description="重置两步验证（手机丢失时；下次登录重新绑定）")
    def reset_second_factor(self, request, queryset):
        security.reset_second_factor(list(queryset))
        self.message_user(request, f"已重置{queryset.count()}个账号的两步验证。")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be listed and revoked, never read: only a digest and a 6-character prefix are stored."""

    list_display = ("prefix", "user", "created_at", "expires_at")
    fields = ("user", "prefix", "created_at", "expires_at")
    readonly_fields = fields
    search_fields = ("user__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
