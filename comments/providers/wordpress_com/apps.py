from django.apps import AppConfig


class WordPressComConfig(AppConfig):
    """An allauth provider: allauth finds ``provider.py`` and ``urls.py`` through the app registry."""

    name = "comments.providers.wordpress_com"
    label = "wordpress_com"
    verbose_name = "WordPress.com login"
