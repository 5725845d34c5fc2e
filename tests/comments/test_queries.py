"""To keep N+1 out: a post page costs the same few queries with 3 comments or 1,000."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from comments.likes.services import post_like
from tests.comments.factories import CommentFactory
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 12


def with_comments(n, likes=0):
    """A post with ``n`` comments (a third top-level, the rest replies two levels deep, some liked)
    and ``likes`` readers who like the post."""
    post = PostFactory()
    for number in range(likes):
        post_like(user=UserFactory(username=f"fan{n}-{number}"), post=post)
    liker = UserFactory()
    roots, made = [], 0
    while made < n:
        root = CommentFactory(post=post)
        roots.append(root)
        made += 1
        if made < n:
            reply = CommentFactory(parent=root, user=post.author)
            made += 1
            if made < n:
                CommentFactory(parent=reply)
                made += 1
    for root in roots[:20]:
        CommentFactory(post=post, state="pending")
        CommentFlag.objects.create(comment=root, user=liker, flag=LIKEDIT_FLAG)
    return post


def queries_for(client, url):
    client.get(url)  # warm the per-process caches (content types, site, menu) like a running server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_post_page_costs_the_same_queries_for_3_and_1000_comments(client):
    small = queries_for(client, with_comments(3).get_absolute_url())
    large = queries_for(client, with_comments(1000).get_absolute_url())
    assert len(large) == len(small), "\n".join(large)
    assert len(large) <= PAGE_BUDGET, "\n".join(large)
    comment_queries = [sql for sql in large if "django_comments" in sql or "comments_comment" in sql]
    assert len(comment_queries) <= 3, "\n".join(comment_queries)


def test_a_logged_in_reader_adds_only_the_session_and_the_user(client_as, user):
    """Their like, verified address and avatar come with the counts query: whatever the likes."""
    small = queries_for(client_as(user), with_comments(3).get_absolute_url())
    large_post = with_comments(1000, likes=40)
    post_like(user=user, post=large_post)
    large = queries_for(client_as(user), large_post.get_absolute_url())
    assert len(large) == len(small) and len(large) <= PAGE_BUDGET, "\n".join(large)
    assert len(large) <= len(queries_for(Client(), large_post.get_absolute_url())) + 2


def test_likes_cost_the_page_nothing_however_many(client):
    none = queries_for(client, with_comments(3).get_absolute_url())
    many = queries_for(client, with_comments(3, likes=60).get_absolute_url())
    assert len(many) == len(none), "\n".join(many)


def test_the_second_comment_page_costs_the_same(client, settings):
    settings.COMMENTS_PER_PAGE = 10
    post = with_comments(90)
    first = queries_for(client, post.get_absolute_url())
    second = queries_for(client, post.get_absolute_url() + "?cpage=2")
    assert len(first) == len(second)


def test_asking_for_the_thread_twice_in_one_page_costs_no_more(rf, post, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    CommentFactory(post=post)
    request = rf.get(post.get_absolute_url())
    request.user = AnonymousUser()
    template = Template(
        "{% load comment_threads %}{% get_comment_thread post as head %}{% get_comment_thread post as section %}"
        "{{ head.approved_count }}/{{ section.approved_count }}"
    )
    with django_assert_num_queries(2):
        assert template.render(Context({"request": request, "post": post})) == "1/1"
