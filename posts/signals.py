"""Side effects of content changes, and the Sites domain kept in step with SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver


def sync_site(**kwargs):
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    wanted = {"domain": domain, "name": settings.SITE_NAME}
    # Saved only when it differs: a save is a content change to the page cache, and every app
    # worker runs this on its first request (each start, each recycling) — it must not empty it.
    if not Site.objects.filter(pk=settings.SITE_ID, **wanted).exists():
        Site.objects.update_or_create(pk=settings.SITE_ID, defaults=wanted)
    Site.objects.clear_cache()


@receiver(post_migrate, dispatch_uid="posts.sync_site_on_migrate")
def sync_site_on_migrate(sender, app_config=None, **kwargs):
    if app_config is not None and app_config.label == "posts":
        sync_site()


@receiver(request_started, dispatch_uid="posts.sync_site_at_startup")
def sync_site_at_startup(**kwargs):
    """Once per process, on the first request, so a changed SITE_URL takes effect."""
    from django.db import DatabaseError

    request_started.disconnect(dispatch_uid="posts.sync_site_at_startup")
    try:
        sync_site()
    except DatabaseError:  # not migrated yet: post_migrate will do it
        pass


@receiver([post_save, post_delete], sender="posts.Page", dispatch_uid="posts.forget_menu")
def forget_menu(**kwargs):
    from .models.page import MENU_CACHE_KEY

    # Now, and again after commit, so a request in between cannot re-cache the old menu.
    cache.delete(MENU_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(MENU_CACHE_KEY))


@receiver([post_save, post_delete], sender="posts.Post", dispatch_uid="posts.forget_related_reading")
def forget_related_reading_on_change(**kwargs):
    from .related import forget_related_reading

    # Now, and again after commit, so a request in between cannot re-cache the old lists.
    forget_related_reading()
    transaction.on_commit(forget_related_reading)


def forget_related_reading_on_links(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        forget_related_reading_on_change()


def connect_link_signals():
    from .models import Post

    for through in (Post.topics.through, Post.conditions.through, Post.tags.through):
        m2m_changed.connect(
            forget_related_reading_on_links, sender=through, dispatch_uid=f"posts.related.{through._meta.label}"
        )


connect_link_signals()
