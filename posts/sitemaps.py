from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

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


class ListingSitemap(Sitemap):
    """The home page and the library's indexes, last modified when their newest entry was."""

    changefreq = "weekly"
    priority = 0.8
    LISTINGS = {
        "posts:list": lambda: Post.objects.published(),
        "posts:anatomy_list": lambda: AnatomyTopic.objects.all(),
        "posts:condition_list": lambda: Condition.objects.all(),
        "posts:exercise_list": lambda: Exercise.objects.all(),
    }

    def items(self):
        self._lastmod = {
            name: entries().order_by().aggregate(latest=Max("updated_at"))["latest"]
            for name, entries in self.LISTINGS.items()
        }
        return list(self.LISTINGS)

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self._lastmod.get(name)


sitemaps = {
    "listings": ListingSitemap,
    "posts": PostSitemap,
    "anatomy": AnatomySitemap,
    "conditions": ConditionSitemap,
    "exercises": ExerciseSitemap,
    "pages": PageSitemap,
}
