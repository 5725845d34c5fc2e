from django.apps import AppConfig


class WordPressConfig(AppConfig):
    """The WordPress importer: what came from where, old links, and the import itself."""

    name = "posts.wordpress"
    label = "wordpress"
    verbose_name = "WordPress import"
    default_auto_field = "django.db.models.BigAutoField"
