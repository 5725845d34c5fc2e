"""What refreshes cached pages: any write to the content models in PAGE_CACHE_CONTENT_MODELS.

Entries are ``app_label`` (every model of the app) or ``app_label.ModelName``. A record created
hidden (a comment held for moderation: ``is_public`` false) changes no public page and is
skipped; approving it later is a save of a public record and refreshes. The generation is
replaced at once and again when the transaction commits (so a page rendered from the old rows
by a concurrent request during the transaction is not kept), and the purge backend is told which
URLs changed after the commit (the main ones; a proxy's other copies expire within
PAGE_CACHE_SHARED_MAX_AGE).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from . import store

logger = logging.getLogger(__name__)


def watched(model):
    meta = model._meta
    names = settings.PAGE_CACHE_CONTENT_MODELS
    return meta.app_label in names or f"{meta.app_label}.{meta.object_name}" in names


def post_urls(post):
    """The pages a post appears on: its own, the lists (its categories' and their parents'), feeds, the sitemap.

    No post: the lists.
    """
    urls = [reverse("posts:list"), reverse("posts:feed"), reverse("posts:feed_atom"), reverse("sitemap")]
    if post is None:
        return urls
    try:
        urls.append(post.get_absolute_url())
        urls.append(reverse("comments:post_feed", args=[post.slug]))
    except NoReverseMatch:
        pass
    if post.published_at:
        urls.append(reverse("posts:month", args=[post.published_at.year, post.published_at.month]))
    if post.author_id:
        profile = getattr(post.author, "author_profile", None)
        if profile is not None:
            urls.append(profile.get_absolute_url())
    if post.pk:
        for category in categories_listing(post):
            urls += [category.get_absolute_url(), reverse("posts:category_feed", args=[category.slug])]
        for tag in post.tags.all():
            urls += [reverse("posts:tag", args=[tag.slug]), reverse("posts:tag_feed", args=[tag.slug])]
    return urls


def categories_listing(post):
    """The post's categories and every category above them: a category page lists its subcategories' posts.

    One query for the post's categories, and one more for the tree only when one of them has a parent.
    """
    from posts.models import Category

    categories = list(post.categories.all())
    if any(category.parent_id for category in categories):
        tree = Category.objects.tree()
        ancestors = [ancestor for category in categories for ancestor in tree.ancestors(category.pk)]
        categories = list({category.pk: category for category in categories + ancestors}.values())
    return categories


def pages_changed(*, post=None, everything=False):
    """Content changed: stop serving stored pages and purge the front cache's copies."""
    if not settings.PAGE_CACHE:
        return
    try:
        store.generation_bump()
    except Exception:
        logger.warning("page cache unreachable: could not refresh", exc_info=True)
    urls = post_urls(None if everything else post)

    def after_commit():
        try:
            store.generation_bump()
        except Exception:
            logger.warning("page cache unreachable: could not refresh", exc_info=True)
        purge_backend().purge(urls)

    transaction.on_commit(after_commit)


def purge_backend():
    return import_string(settings.PAGE_CACHE_PURGE)()


def related_post(instance):
    """The post a changed record belongs to, when it belongs to exactly one."""
    from posts.models import Post

    if isinstance(instance, Post):
        return instance
    post_id = getattr(instance, "post_id", None)
    on_a_post = getattr(instance, "content_type_id", None) and getattr(instance, "object_pk", None)
    if post_id is None and on_a_post and instance.content_type.model_class() is Post:
        post_id = instance.object_pk
    if post_id is None:
        return None
    return Post.objects.filter(pk=post_id).first()


def has_public_flag(model):
    return any(field.name == "is_public" for field in model._meta.concrete_fields)


def before_save(sender, instance, raw=False, **kwargs):
    """Remember whether a record with an ``is_public`` field (a comment) was public before this save."""
    if raw or not watched(sender) or not has_public_flag(sender):
        return
    was = None
    if instance.pk is not None:
        was = sender._base_manager.filter(pk=instance.pk).values_list("is_public", flat=True).first()
    instance._page_cache_was_public = bool(was)


def on_save(sender, instance, created=False, raw=False, **kwargs):
    if raw or not watched(sender):
        return
    if has_public_flag(sender) and not instance.is_public and not getattr(instance, "_page_cache_was_public", True):
        return  # hidden before and after (a comment held for moderation): no public page changed
    post = related_post(instance)
    pages_changed(post=post, everything=post is None)


def on_delete(sender, instance, **kwargs):
    if watched(sender):
        post = related_post(instance)
        pages_changed(post=post, everything=post is None)


def on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and watched(type(instance)):
        post = related_post(instance)
        pages_changed(post=post, everything=post is None)


def on_file_changed(sender, file_path, **kwargs):
    if settings.PAGE_CACHE and settings.DEBUG:
        store.generation_bump()  # returns None: Django's own handlers still decide about reloading


def connect():
    pre_save.connect(before_save, dispatch_uid="pagecache.before_save")
    post_save.connect(on_save, dispatch_uid="pagecache.on_save")
    post_delete.connect(on_delete, dispatch_uid="pagecache.on_delete")
    m2m_changed.connect(on_m2m, dispatch_uid="pagecache.on_m2m")
