"""Keep the search index in step with the content: every save, delete and tag change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from posts.models import AnatomyTopic, Category, Condition, Exercise, Post

from . import services

INDEXED = (Post, AnatomyTopic, Condition, Exercise)


def _refresh(sender, instance, raw=False, **kwargs):
    if not raw:
        services.search_entry_refresh(obj=instance)


def _remove(sender, instance, **kwargs):
    services.search_entry_remove(kind=services.KIND_OF[sender], object_id=instance.pk)


for model in INDEXED:
    post_save.connect(_refresh, sender=model, dispatch_uid=f"search.refresh.{model._meta.label}")
    post_delete.connect(_remove, sender=model, dispatch_uid=f"search.remove.{model._meta.label}")


@receiver(m2m_changed, sender=Post.tags.through, dispatch_uid="search.post_tags")
@receiver(m2m_changed, sender=Post.categories.through, dispatch_uid="search.post_categories")
@receiver(m2m_changed, sender=Exercise.goals.through, dispatch_uid="search.exercise_goals")
def refresh_on_links(sender, instance, action, reverse, **kwargs):
    """Tags, categories and goals are part of the keywords; refresh when they change."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, INDEXED):
        services.search_entry_refresh(obj=instance)


@receiver(post_save, sender=Category, dispatch_uid="search.category_renamed")
def refresh_category_posts(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    for post in Post.objects.filter(categories=instance).prefetch_related("tags", "categories"):
        services.search_entry_refresh(obj=post)
