from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Whole public pages kept for anonymous readers, refreshed when content changes."""

    name = "posts.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import invalidation

        invalidation.connect()
