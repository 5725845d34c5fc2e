"""RSS and Atom, parsed as a feed reader parses them (feedparser): whole posts, absolute addresses."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from posts.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

BODY = (
    '<p>See <a href="/anatomy/iliopsoas/">the iliopsoas</a> and <a href="#why">why</a>, '
    'or <a href="https://example.org/paper">the paper</a>.</p>'
    '<h2>Why</h2><p><img src="/media/posts/pelvis.jpg" alt="The pelvis"></p>'
)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.fixture
def posts(clinician):
    category = CategoryFactory(name="Hip and pelvis", slug="hip-and-pelvis")
    published = PostFactory(title="The iliopsoas", slug="the-iliopsoas", author=clinician, excerpt="", body=BODY)
    published.categories.add(category)
    published.tags.add("hip flexors")
    other = PostFactory(title="Knees", slug="knees", author=clinician)
    other.tags.add("knee")
    PostFactory(title="Draft psoas", status=Post.Status.DRAFT, author=clinician).categories.add(category)
    PostFactory(
        title="Future psoas", author=clinician, published_at=timezone.now() + datetime.timedelta(days=1)
    ).categories.add(category)
    return published


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_full_content_with_absolute_links_and_images(client, posts, url):
    feed = parse(client, url)
    entry = next(e for e in feed.entries if e.title == "The iliopsoas")
    assert entry.link == "http://testserver/posts/the-iliopsoas/"
    content = BeautifulSoup(entry.content[0].value, "html.parser")
    hrefs = [a["href"] for a in content.find_all("a")]
    assert hrefs == [
        "http://testserver/anatomy/iliopsoas/",
        "http://testserver/posts/the-iliopsoas/#why",
        "https://example.org/paper",
    ]
    assert content.find("img")["src"] == "http://testserver/media/posts/pelvis.jpg"
    # The summary is never empty: no excerpt, so the first sentences of the body.
    assert entry.summary.startswith("See the iliopsoas and why")
    assert {e.title for e in feed.entries} == {"The iliopsoas", "Knees"}


def test_category_feed(client, posts):
    feed = parse(client, "/posts/category/hip-and-pelvis/feed/")
    assert feed.feed.title.endswith("Hip and pelvis")
    assert feed.feed.link == "http://testserver/posts/category/hip-and-pelvis/"
    assert [e.title for e in feed.entries] == ["The iliopsoas"]
    assert feed.entries[0].content[0].value.count("http://testserver/anatomy/iliopsoas/") == 1
    assert client.get("/posts/category/nope/feed/").status_code == 404


def test_tag_feed(client, posts):
    feed = parse(client, "/posts/tag/hip-flexors/feed/")
    assert [e.title for e in feed.entries] == ["The iliopsoas"]
    assert client.get("/posts/tag/nope/feed/").status_code == 404


def test_listing_pages_link_their_feeds(client, posts):
    for listing, feed in (
        ("/posts/category/hip-and-pelvis/", "/posts/category/hip-and-pelvis/feed/"),
        ("/posts/tag/hip-flexors/", "/posts/tag/hip-flexors/feed/"),
    ):
        page = BeautifulSoup(client.get(listing).content, "html.parser")
        assert page.find("link", rel="alternate", type="application/rss+xml", href=feed)


def test_feed_content_cannot_carry_script(client, clinician):
    PostFactory(title="Hostile", author=clinician, body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    content = parse(client, "/feed/").entries[0].content[0].value
    assert "<script" not in content and "onclick" not in content
