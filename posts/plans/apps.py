from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Home-exercise plans: a reader's own, and the clinician's for a patient."""

    name = "posts.plans"
    label = "plans"
    verbose_name = "Home-exercise plans"
    default_auto_field = "django.db.models.BigAutoField"
