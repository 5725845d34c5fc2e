from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Outgoing mail to readers who asked for it: following the blog by email."""

    name = "notifications"
    label = "notifications"
    verbose_name = "Following the blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications import signals  # noqa: F401
