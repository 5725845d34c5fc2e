from django.contrib.sitemaps import Sitemap

from .models import Page, Post


class PostSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.published()

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return Page.objects.published()

    def lastmod(self, item):
        return item.updated_at


sitemaps = {"posts": PostSitemap, "pages": PageSitemap}
