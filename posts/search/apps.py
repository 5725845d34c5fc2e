from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search over posts and the clinic library, and what readers look for."""

    name = "posts.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from . import signals  # noqa: F401
