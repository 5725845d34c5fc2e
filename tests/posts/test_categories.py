"""Nested categories: a category's page and feed list its subcategories' posts too, as WordPress did."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from posts.models import Category, Post
from posts.pagecache.invalidation import post_urls
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anatomy():
    """Anatomy › Hip › Deep hip muscles, with Running beside them."""
    anatomy = CategoryFactory(name="Anatomy", slug="anatomy")
    hip = CategoryFactory(name="Hip", slug="hip", parent=anatomy)
    CategoryFactory(name="Deep hip muscles", slug="deep-hip-muscles", parent=hip)
    CategoryFactory(name="Running", slug="running")
    return anatomy


def category(slug):
    return Category.objects.get(slug=slug)


def titles(response):
    return [post.title for post in response.context["posts"]]


class TestCategoryTree:
    def test_descendants_children_and_ancestors(self, anatomy):
        tree = Category.objects.tree()
        hip, deep = category("hip"), category("deep-hip-muscles")
        assert tree.descendant_ids(anatomy.pk) == {anatomy.pk, hip.pk, deep.pk}
        assert tree.descendant_ids(deep.pk) == {deep.pk}
        assert tree.children(anatomy.pk) == [hip]
        assert tree.ancestors(deep.pk) == [anatomy, hip]
        assert tree.ancestors(anatomy.pk) == []

    def test_a_cycle_written_past_clean_ends_the_walk(self, anatomy):
        Category.objects.filter(pk=anatomy.pk).update(parent=category("deep-hip-muscles"))
        tree = Category.objects.tree()
        assert tree.descendant_ids(anatomy.pk) == set(
            Category.objects.filter(slug__in=["anatomy", "hip", "deep-hip-muscles"]).values_list("pk", flat=True)
        )
        assert [c.slug for c in tree.ancestors(anatomy.pk)] == ["hip", "deep-hip-muscles"]

    def test_the_whole_tree_is_one_query(self, anatomy, django_assert_num_queries):
        CategoryFactory.create_batch(20, parent=anatomy)
        hip = category("hip")
        with django_assert_num_queries(1):
            tree = Category.objects.tree()
            assert len(tree.descendant_ids(anatomy.pk)) == 23 and tree.ancestors(hip.pk) == [anatomy]


class TestCategoryPage:
    def test_lists_the_posts_of_every_subcategory_once(self, client, anatomy):
        deep = PostFactory(title="Deep post", published_at=timezone.now() - datetime.timedelta(days=3))
        deep.categories.add(category("hip"), category("deep-hip-muscles"))  # filed twice, listed once
        PostFactory(title="Anatomy post", published_at=timezone.now() - datetime.timedelta(days=2)).categories.add(
            anatomy
        )
        PostFactory(title="Running post").categories.add(category("running"))
        assert titles(client.get("/posts/category/anatomy/")) == ["Anatomy post", "Deep post"]
        assert titles(client.get("/posts/category/hip/")) == ["Deep post"]
        assert titles(client.get("/posts/category/deep-hip-muscles/")) == ["Deep post"]
        assert titles(client.get("/posts/category/running/")) == ["Running post"]

    def test_drafts_and_scheduled_posts_of_subcategories_stay_hidden(self, client, anatomy):
        deep = category("deep-hip-muscles")
        PostFactory(title="Draft", status=Post.Status.DRAFT).categories.add(deep)
        PostFactory(title="Scheduled", published_at=timezone.now() + datetime.timedelta(days=1)).categories.add(deep)
        response = client.get("/posts/category/anatomy/")
        assert titles(response) == []
        assert "Nothing has been published here yet." in response.content.decode()

    def test_pagination_counts_each_post_once(self, client, settings, anatomy):
        hip, deep = category("hip"), category("deep-hip-muscles")
        for post in PostFactory.create_batch(12):
            post.categories.add(hip, deep)
        first, second = client.get("/posts/category/anatomy/"), client.get("/posts/category/anatomy/?page=2")
        assert first.context["paginator"].count == 12
        assert len(titles(first)) == settings.POSTS_PER_PAGE and len(titles(second)) == 12 - settings.POSTS_PER_PAGE
        assert not set(titles(first)) & set(titles(second))

    def test_shows_subcategories_as_links_and_parents_in_the_breadcrumbs(self, client, anatomy):
        page = BeautifulSoup(client.get("/posts/category/hip/").content, "html.parser")
        subcategories = page.select(".subcategories a")
        assert [(a.text, a["href"]) for a in subcategories] == [
            ("Deep hip muscles", "/posts/category/deep-hip-muscles/")
        ]
        crumbs = page.select("nav.breadcrumbs li")
        assert [li.text.strip() for li in crumbs] == ["Home", "Anatomy", "Hip"]
        assert crumbs[1].a["href"] == "/posts/category/anatomy/"
        assert crumbs[2].find(attrs={"aria-current": "page"})
        leaf = BeautifulSoup(client.get("/posts/category/deep-hip-muscles/").content, "html.parser")
        assert not leaf.select(".subcategories")
        assert [li.text.strip() for li in leaf.select("nav.breadcrumbs li")] == [
            "Home",
            "Anatomy",
            "Hip",
            "Deep hip muscles",
        ]

    @pytest.mark.parametrize("size", [1, 8])
    def test_query_count_does_not_grow_with_categories_or_posts(self, anatomy, size, django_assert_num_queries):
        """Pinned to keep N+1 out: the category, the tree, the count, the posts and their categories."""
        parent = anatomy
        for _ in range(size):
            parent = CategoryFactory(parent=parent)
            for post in PostFactory.create_batch(size):
                post.categories.add(parent, category("hip"))
        Client().get("/posts/category/anatomy/")
        with django_assert_num_queries(5):
            response = Client().get("/posts/category/anatomy/")
        assert response.status_code == 200 and len(response.context["posts"]) == min(size * size, 10)


def test_the_category_feed_matches_the_page(client, anatomy):
    deep = category("deep-hip-muscles")
    PostFactory(title="Deep post").categories.add(deep, category("hip"))
    PostFactory(title="Draft", status=Post.Status.DRAFT).categories.add(deep)
    PostFactory(title="Running post").categories.add(category("running"))
    feed = feedparser.parse(client.get("/posts/category/anatomy/feed/").content)
    assert [entry.title for entry in feed.entries] == ["Deep post"]
    assert [entry.title for entry in feedparser.parse(client.get("/posts/category/hip/feed/").content).entries] == [
        "Deep post"
    ]


class TestCacheInvalidation:
    def test_a_post_refreshes_the_pages_of_its_categories_parents(self, anatomy):
        post = PostFactory()
        post.categories.add(category("deep-hip-muscles"))
        urls = post_urls(post)
        for slug in ("deep-hip-muscles", "hip", "anatomy"):
            assert f"/posts/category/{slug}/" in urls and f"/posts/category/{slug}/feed/" in urls
        assert "/posts/category/running/" not in urls
        assert len(urls) == len(set(urls))

    def test_a_post_in_a_category_and_its_parent_names_each_page_once(self, anatomy):
        post = PostFactory()
        post.categories.add(category("hip"), anatomy)
        urls = post_urls(post)
        assert urls.count("/posts/category/anatomy/") == 1 and "/posts/category/hip/" in urls

    @pytest.mark.parametrize("depth", [1, 10])
    def test_query_count_does_not_grow_with_the_tree(self, depth, django_assert_num_queries):
        """The post's categories and, when one has a parent, the tree; the author profile."""
        parent = None
        for _ in range(depth):
            parent = CategoryFactory(parent=parent)
        post = PostFactory()
        post.categories.add(parent)
        post = Post.objects.get(pk=post.pk)
        with django_assert_num_queries(5 if depth > 1 else 4):
            urls = post_urls(post)
        assert len([url for url in urls if url.startswith("/posts/category/") and not url.endswith("/feed/")]) == depth
