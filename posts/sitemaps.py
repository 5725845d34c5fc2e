from django.contrib.sitemaps import Sitemap

from .models import AnatomyTopic, Condition, Exercise, Page, Post


class PostSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.published()

    def lastmod(self, item):
        return item.updated_at


class LibrarySitemap(Sitemap):
    """Anatomy topics, conditions and exercises: the pages readers arrive at from search."""

    changefreq = "monthly"
    priority = 0.6
    model = None

    def items(self):
        return self.model.objects.order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return Page.objects.published()

    def lastmod(self, item):
        return item.updated_at


class AnatomySitemap(LibrarySitemap):
    model = AnatomyTopic


class ConditionSitemap(LibrarySitemap):
    model = Condition


class ExerciseSitemap(LibrarySitemap):
    model = Exercise


sitemaps = {
    "posts": PostSitemap,
    "anatomy": AnatomySitemap,
    "conditions": ConditionSitemap,
    "exercises": ExerciseSitemap,
    "pages": PageSitemap,
}
