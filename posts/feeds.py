"""RSS and Atom: the latest posts, and the latest in one category or under one tag.

Every entry carries the whole post (RSS ``content:encoded``, Atom ``content``) with its links
and images made absolute, and its excerpt or first sentences as the summary.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from taggit.models import Tag

from .models import Category, Post
from .sanitizer import absolute_links
from .seo import absolute, featured_image, meta_description

FEED_LENGTH = 20


class FullContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the whole post in ``content:encoded`` (the description stays a summary)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullContentAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def post_content_html(post):
    """The post as a feed reader shows it: its picture, then its body, every address absolute."""
    image = featured_image(post)
    figure = format_html('<p><img src="{}" alt="{}"></p>', image.url, image.alt) if image else ""
    return f"{figure}{absolute_links(post.body_html, base_url=absolute(post.get_absolute_url()))}"


class LatestPostsFeed(Feed):
    feed_type = FullContentRssFeed
    title = settings.SITE_NAME
    link = "/"
    description = "New posts on anatomy, injuries and exercise."

    def items(self):
        return Post.objects.published().select_related("author__author_profile")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return meta_description(item)

    def item_extra_kwargs(self, item):
        return {"content_html": post_content_html(item)}

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        profile = getattr(item.author, "author_profile", None)
        return profile.display_name if profile else item.author.get_full_name()


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = FullContentAtomFeed
    subtitle = LatestPostsFeed.description


class CategoryPostsFeed(LatestPostsFeed):
    """/posts/category/<slug>/feed/: the latest posts in one category and its subcategories."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{settings.SITE_NAME}: {category.name}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or f"New posts in {category.name}."

    def items(self, category):
        posts = Post.objects.published().in_category(category)
        return posts.select_related("author__author_profile")[:FEED_LENGTH]


class TagPostsFeed(LatestPostsFeed):
    """/posts/tag/<slug>/feed/: the latest posts under one tag."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{settings.SITE_NAME}: posts tagged “{tag.name}”"

    def link(self, tag):
        return reverse("posts:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return f"New posts tagged “{tag.name}”."

    def items(self, tag):
        return (
            Post.objects.published()
            .filter(tags__slug=tag.slug)
            .distinct()
            .select_related("author__author_profile")[:FEED_LENGTH]
        )
