"""A post's comments feed: approved comments only, from published posts only."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from posts.models import Post
from tests.comments.factories import CommentFactory
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_only_approved_comments_with_their_text_and_a_permalink(client, post):
    approved = CommentFactory(post=post, comment="Very clear, see www.example.org/hip", user_name="Ana")
    CommentFactory(parent=approved, comment="A reply, approved too.")
    CommentFactory(post=post, comment="Held for moderation.", state="pending")
    CommentFactory(post=post, comment="Buy pills.", state="spam")
    CommentFactory(post=post, comment="Taken down.", state="removed")
    response = client.get(f"/comments/feed/{post.slug}/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == f"Comments on “{post.title}”"
    texts = [BeautifulSoup(e.summary, "html.parser").get_text() for e in feed.entries]
    assert texts == ["A reply, approved too.", "Very clear, see www.example.org/hip"]
    ana = feed.entries[1]
    assert ana.author == "Ana"
    assert ana.link == f"http://testserver/comments/in-context/{approved.pk}/"
    assert "http://www.example.org/hip" in ana.summary
    assert "@example.org" not in response.content.decode()  # emails never leave


@pytest.mark.parametrize("state", ["draft", "future", "missing"])
def test_unpublished_posts_have_no_comments_feed(client, clinician, state):
    if state == "draft":
        slug = PostFactory(author=clinician, status=Post.Status.DRAFT).slug
    elif state == "future":
        slug = PostFactory(author=clinician, published_at=timezone.now() + datetime.timedelta(days=1)).slug
    else:
        slug = "no-such-post"
    assert client.get(f"/comments/feed/{slug}/").status_code == 404


def test_the_post_page_links_its_comments_feed(client, post):
    page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    feed = f"/comments/feed/{post.slug}/"
    assert page.find("link", rel="alternate", type="application/rss+xml", href=feed)
    assert page.select_one(f"#comments a[href='{feed}']")
