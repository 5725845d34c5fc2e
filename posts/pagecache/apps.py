from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Whole public pages kept for anonymous readers, refreshed when content changes."""

    name = "posts.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from django.utils.autoreload import file_changed

        from . import invalidation

        invalidation.connect()
        # Under the development server a template edit reloads no process: forget pages on any edit.
        file_changed.connect(invalidation.on_file_changed, dispatch_uid="pagecache.on_file_changed")
