from django.contrib import admin, messages

from notifications import services
from notifications.models import Announcement, Delivery, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "user", "created_at", "confirmed_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    readonly_fields = ["email", "user", "status", "created_at", "confirm_sent_at", "confirmed_at", "unsubscribed_at"]
    actions = ["unsubscribe"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False  # only the reader can subscribe (double opt-in)

    @admin.action(description="Unsubscribe the selected readers")
    def unsubscribe(self, request, queryset):
        for subscriber in queryset:
            services.subscriber_unsubscribe(subscriber=subscriber)
        messages.success(request, f"{queryset.count()} unsubscribed.")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["post", "subscriber", "status", "created_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["post", "subscriber"]
    search_fields = ["subscriber__email", "post__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["post", "created_at", "recipients"]
    list_select_related = ["post"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
