from django.contrib import admin

from .models import ImportedItem


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    """What came from where: read-only, written only by ``import_wordpress``."""

    list_display = ["kind", "wp_id", "object_id", "old_path", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["old_path", "=wp_id"]
    ordering = ["kind", "wp_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
