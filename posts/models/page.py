from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import Resolver404, resolve, reverse

from posts.sanitizer import clean_html

from .slugs import remember_moved_path, unique_slug

# Leading path segments of the site's own routes and files: never a page's slug.
RESERVED_SLUGS = {"admin", "accounts", "comments", "posts", "feed", "static", "media", "search", "healthz", "plans"}
MENU_CACHE_KEY = "posts:menu-pages"


def menu_pages():
    """The header and footer links, cached so that no page pays a query for them."""
    pages = cache.get(MENU_CACHE_KEY)
    if pages is None:
        pages = [
            {"title": p.title, "url": p.get_absolute_url(), "in_header": p.in_header, "in_footer": p.in_footer}
            for p in Page.objects.published().only("title", "slug", "in_header", "in_footer")
        ]
        cache.set(MENU_CACHE_KEY, pages, 300)
    return pages


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    """A standing page (About, Contact, Privacy) served at ``/<slug>/``."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    body = models.TextField(help_text="HTML; sanitised on every save.")
    seo_description = models.CharField("SEO description", max_length=300, blank=True)
    menu_order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")
    in_header = models.BooleanField("show in header", default=True)
    in_footer = models.BooleanField("show in footer", default=True)
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    def clean(self):
        slug = self.slug or unique_slug(Page, self.title, instance_pk=self.pk, max_length=100)
        clash = ValidationError({"slug": f"“/{slug}/” is already an address of the site; choose another slug."})
        if slug in RESERVED_SLUGS:
            raise clash
        try:
            match = resolve(f"/{slug}/")
        except Resolver404:
            return
        if match.view_name != "pages:detail":
            raise clash

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Page, self.title, instance_pk=self.pk, max_length=100)
        self.body = clean_html(self.body)
        old_slug = Page.objects.filter(pk=self.pk).values_list("slug", flat=True).first() if self.pk else None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_slug and old_slug != self.slug:
                remember_moved_path(f"/{old_slug}/", self.get_absolute_url())
