from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Review reminders: the author hears once when health content passes its review date."""

    name = "posts.reviews"
    label = "reviews"
    verbose_name = "Review reminders"
    default_auto_field = "django.db.models.BigAutoField"
