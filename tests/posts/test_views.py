import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.redirects.models import Redirect
from django.utils import timezone

from posts.models import Post
from tests.factories import AuthorProfileFactory, CategoryFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db

IN_AN_HOUR = datetime.timedelta(hours=1)


def test_home_lists_ten_published_posts_a_page(client):
    PostFactory.create_batch(12)
    first = client.get("/")
    assert first.status_code == 200
    assert len(first.context["posts"]) == 10
    second = client.get("/?page=2")
    assert len(second.context["posts"]) == 2
    assert "← Newer" in second.content.decode()


@pytest.mark.parametrize("page", ["0", "3", "abc", "-1", "1e9", "99999999999999999999"])
def test_bad_page_numbers_are_404_in_the_site_style(client, page):
    PostFactory.create_batch(12)
    response = client.get(f"/?page={page}")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_drafts_and_scheduled_posts_are_hidden_from_readers(client, client_as, user):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None, title="A draft")
    scheduled = PostFactory(published_at=timezone.now() + IN_AN_HOUR, title="Coming soon")
    for who in (client, client_as(user)):
        assert who.get(draft.get_absolute_url()).status_code == 404
        assert who.get(scheduled.get_absolute_url()).status_code == 404
        assert "A draft" not in who.get("/").content.decode()


def test_staff_preview_drafts_under_a_banner_but_never_in_lists(client_as, clinician):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None, title="A draft")
    scheduled = PostFactory(published_at=timezone.now() + IN_AN_HOUR, title="Coming soon")
    staff = client_as(clinician)
    page = staff.get(draft.get_absolute_url()).content.decode()
    assert "<strong>Draft</strong>" in page and 'name="robots" content="noindex"' in page
    assert "<strong>Scheduled</strong>" in staff.get(scheduled.get_absolute_url()).content.decode()
    listing = staff.get("/").content.decode()
    assert "A draft" not in listing and "Coming soon" not in listing
    for url in ("/feed/", "/feed/atom/", "/sitemap.xml"):
        body = staff.get(url).content.decode()
        assert draft.slug not in body and scheduled.slug not in body


def test_post_page_shows_byline_credentials_reading_time_and_review(client, post):
    AuthorProfileFactory(user=post.author, display_name="Maya Lindqvist", credentials="MSc Sports Medicine")
    post.last_reviewed = datetime.date(2026, 5, 1)
    post.reviewed_by = post.author
    post.save()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Maya Lindqvist" in page and "MSc Sports Medicine" in page
    assert "min read" in page
    assert "Last reviewed" in page and "1 May 2026" in page


def test_long_posts_get_a_table_of_contents_short_ones_do_not(client):
    long_post = PostFactory(body="".join(f"<h2>Part {n}</h2><p>text</p>" for n in range(4)))
    short_post = PostFactory(body="<h2>Only</h2><p>text</p>")
    assert 'href="#part-2"' in client.get(long_post.get_absolute_url()).content.decode()
    assert "In this post" not in client.get(short_post.get_absolute_url()).content.decode()


def test_share_links_are_plain_links_and_the_page_loads_nothing_from_other_hosts(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert "https://x.com/intent/post?url=http%3A//testserver/posts/its-the-iliopsoas-stupid/" in page
    # What the browser loads by itself (scripts, styles, icons, images) comes from this site only.
    soup = BeautifulSoup(page, "html.parser")
    loaded = [tag["src"] for tag in soup.find_all(["script", "img", "iframe", "source"]) if tag.get("src")]
    loaded += [
        tag["href"] for tag in soup.find_all("link") if {"stylesheet", "icon", "preload"} & set(tag.get("rel", []))
    ]
    assert loaded, "the page loads its stylesheet at least"
    for url in loaded:
        assert url.startswith("/") and not url.startswith("//"), f"the page loads {url}"


def test_tag_category_and_month_listings(client):
    category = CategoryFactory(name="Hip and pelvis", slug="hip-and-pelvis")
    in_may = PostFactory(title="May post", published_at=datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC))
    in_may.categories.add(category)
    in_may.tags.add("hip flexors")
    PostFactory(title="June post", published_at=datetime.datetime(2026, 6, 2, 9, tzinfo=datetime.UTC))
    assert [p.title for p in client.get("/posts/tag/hip-flexors/").context["posts"]] == ["May post"]
    assert [p.title for p in client.get("/posts/category/hip-and-pelvis/").context["posts"]] == ["May post"]
    assert [p.title for p in client.get("/posts/2026/05/").context["posts"]] == ["May post"]
    assert list(client.get("/posts/2026/07/").context["posts"]) == []


@pytest.mark.parametrize(
    "url",
    [
        "/posts/2026/13/",
        "/posts/2026/00/",
        "/posts/0000/05/",
        "/posts/2026/5/",
        "/posts/26/05/",
        "/posts/abcd/05/",
        "/posts/tag/unknown/",
        "/posts/category/unknown/",
        "/posts/no-such-post/",
        "/posts/author/nobody/",
        "/no-such-page/",
        "/posts/%00/",
    ],
)
def test_unknown_or_malformed_addresses_are_404_never_500(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_author_page_shows_credentials_and_their_posts(client):
    profile = AuthorProfileFactory(display_name="Maya Lindqvist", slug="maya", credentials="Physiotherapist")
    PostFactory(author=profile.user, title="Her post")
    page = client.get("/posts/author/maya/").content.decode()
    assert "Physiotherapist" in page and "Her post" in page


def test_pages_are_served_after_every_other_route_and_linked_from_header_and_footer(client):
    PageFactory(title="About the clinician", slug="about", in_header=True, in_footer=True)
    PageFactory(title="Privacy policy", slug="privacy", in_header=False, in_footer=True)
    response = client.get("/about/")
    assert response.status_code == 200
    home = client.get("/").content.decode()
    header, footer = home.split("<main")[0], home.split("<footer")[1]
    assert 'href="/about/"' in header and 'href="/privacy/"' not in header
    assert 'href="/privacy/"' in footer
    assert client.get("/feed/").status_code == 200, "a page never shadows the site's own routes"


def test_menu_follows_page_edits(client):
    page = PageFactory(title="About", slug="about")
    assert 'href="/about/"' in client.get("/").content.decode()
    page.slug = "about-us"
    page.save()
    body = client.get("/").content.decode()
    assert 'href="/about-us/"' in body and 'href="/about/"' not in body
    assert client.get("/about/")["Location"] == "/about-us/"


def test_unpublished_pages_are_404(client):
    PageFactory(slug="secret", is_published=False)
    assert client.get("/secret/").status_code == 404


def test_feeds_carry_published_posts_with_absolute_links(client, post):
    rss = client.get("/feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "http://testserver/posts/its-the-iliopsoas-stupid/" in rss.content.decode()
    atom = client.get("/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")


def test_sitemap_and_robots(client, post, settings, tmp_path):
    from posts.demo_library import load_library

    settings.MEDIA_ROOT = tmp_path
    load_library(clinician=post.author)
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in (
        "/posts/its-the-iliopsoas-stupid/",
        "/anatomy/iliopsoas/",
        "/conditions/snapping-hip/",
        "/exercises/warrior-one/",
    ):
        assert f"http://testserver{path}" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


def test_imported_permalinks_answer_301(client, post):
    Redirect.objects.create(
        site_id=1, old_path="/2016/05/12/its-the-iliopsoas-stupid/", new_path=post.get_absolute_url()
    )
    response = client.get("/2016/05/12/its-the-iliopsoas-stupid/")
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()


class TestQueryCounts:
    """Pinned to keep N+1 out: the counts do not grow with the number of posts."""

    def test_home_page(self, client, django_assert_max_num_queries):
        category = CategoryFactory()
        for post in PostFactory.create_batch(10):
            post.categories.add(category)
            AuthorProfileFactory(user=post.author)
        with django_assert_max_num_queries(4):
            assert client.get("/").status_code == 200

    def test_post_page(self, client, post, django_assert_max_num_queries):
        post.categories.add(*CategoryFactory.create_batch(3))
        post.tags.add("a", "b", "c")
        with django_assert_max_num_queries(12):
            assert client.get(post.get_absolute_url()).status_code == 200
