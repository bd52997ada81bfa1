from django.contrib import admin

from . import models


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")


@admin.register(models.Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("name", "delegation", "term", "occupation")
    list_filter = ("term", "delegation")
    search_fields = ("name",)
    raw_id_fields = ("user",)


admin.site.register(
    [
        models.Term,
        models.Session,
        models.Delegation,
        models.Field,
        models.ReplyCategory,
        models.Policy,
        models.DeadlineRule,
    ]
)
