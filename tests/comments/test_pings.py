"""Pingbacks and trackbacks (only a WordPress import makes them): counted, shown as one line, never answered."""

import re

import pytest
from django.test import Client

from comments.models import Comment
from comments.services import comments_rerender
from tests.comments.factories import CommentFactory, PingbackFactory
from tests.comments.test_queries import queries_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ping(post, kind=Comment.Kind.PINGBACK, **fields):
    return PingbackFactory(post=post, kind=kind, **fields)


def ping_markup(html, pk):
    found = re.search(rf'<li class="comment-item comment-item--level-0" id="c{pk}">(.*?)</li>', html, re.S)
    assert found, html
    return found.group(1)


def test_a_ping_is_one_line_with_a_safe_link_and_no_actions(client_as, post):
    CommentFactory(post=post, user_name="Priya")
    mention = ping(post, user_name='Hip <script>alert("x")</script> Blog')
    html = client_as(UserFactory()).get(post.get_absolute_url()).content.decode()
    markup = ping_markup(html, mention.pk)
    assert f'<article class="comment comment--ping" aria-labelledby="c{mention.pk}-by">' in markup
    assert (
        f'<span class="comment__author" id="c{mention.pk}-by"><span class="comment__kind">Pingback:</span> '
        '<a href="https://another-blog.example/hips/" rel="nofollow ugc noopener noreferrer">'
        "Hip &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Blog</a></span>"
    ) in markup
    assert f'href="#c{mention.pk}"' in markup and "<time datetime=" in markup
    assert "[…] a good read on the iliopsoas […]" in markup
    for control in ("comment__reply", "reaction-form", "comment__flag", "comment__actions", "answer-form"):
        assert control not in markup
    assert "comment__reply" in html  # the reader's comment still has its controls
    assert "2 thoughts on" in html


def test_the_count_shown_includes_pings_as_wordpress_counts_them(client, post):
    CommentFactory(post=post)
    ping(post)
    ping(post, kind=Comment.Kind.TRACKBACK, user_url="")
    ping(post, state=Comment.State.PENDING)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "3 thoughts on" in html and '"commentCount": 3' in html
    assert '<span class="comment__kind">Trackback:</span> Another Blog</span>' in html  # no address, no link


def test_a_removed_ping_leaves_no_placeholder(client, post):
    ping(post, state=Comment.State.REMOVED)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "comment--ping" not in html and "This comment was removed" not in html


def test_pings_cost_the_page_no_query(client):
    post = CommentFactory().content_object
    without = queries_for(client, post.get_absolute_url())
    for n in range(20):
        ping(post, user_name=f"Blog {n}")
    with_pings = queries_for(Client(), post.get_absolute_url())
    assert len(with_pings) == len(without), "\n".join(with_pings)


def test_a_ping_takes_no_reply(client_as, moderator, post, comment_form):
    mention = ping(post)
    response = client_as(moderator).post("/comments/post/", comment_form(post, reply_to=str(mention.pk)))
    assert response.status_code == 200 and "takes no replies" in response.content.decode()
    assert Comment.objects.count() == 1


def test_readers_comments_are_comments(client_as, moderator, post, comment_form):
    client_as(moderator).post("/comments/post/", comment_form(post))
    assert list(Comment.objects.values_list("kind", flat=True)) == [Comment.Kind.COMMENT]


def test_the_feed_names_a_ping_for_what_it_is(client, post):
    ping(post)
    feed = client.get(f"/comments/feed/{post.slug}/").content.decode()
    assert "<title>Pingback from Another Blog</title>" in feed


def test_rendering_again_keeps_a_ping_a_ping(post):
    mention = ping(post)
    Comment.objects.filter(pk=mention.pk).update(byline_html="")
    comments_rerender()
    mention.refresh_from_db()
    assert "Pingback:" in mention.byline_html and "avatar" not in mention.byline_html
