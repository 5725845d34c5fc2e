"""Slugs that stay unique, and old URLs that keep working after a slug changes."""

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.utils.text import slugify


def unique_slug(model, text, *, instance_pk=None, max_length=200):
    base = (slugify(text) or "untitled")[: max_length - 6].strip("-")
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def remember_moved_path(old_path, new_path):
    """Answer ``old_path`` with a 301 to ``new_path``, without redirect chains."""
    if old_path == new_path:
        return
    site = Site.objects.get_current()
    Redirect.objects.filter(site=site, old_path=new_path).delete()
    Redirect.objects.filter(site=site, new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(site=site, old_path=old_path, defaults={"new_path": new_path})
