"""Query counts of the uncached post page and home page, pinned, and constant in the number of comments."""

import pytest
from django.test import Client

from tests.comments.factories import CommentFactory
from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def with_comments(post, count):
    roots = CommentFactory.create_batch(max(1, count // 3), post=post)
    for n in range(count - len(roots)):
        CommentFactory(post=post, parent=roots[n % len(roots)])
    return post


@pytest.mark.parametrize("comments", [3, 30])
def test_anonymous_post_page(post, comments, django_assert_num_queries):
    with_comments(post, comments)
    post.categories.add(CategoryFactory())
    post.tags.add("hip")
    Client().get(post.get_absolute_url())  # once: the site, content types and related reading are then cached
    with django_assert_num_queries(9):
        assert Client().get(post.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("comments", [3, 30])
def test_signed_in_post_page(post, comments, client_as, django_assert_num_queries):
    with_comments(post, comments)
    client = client_as(UserFactory())
    client.get(post.get_absolute_url())
    with django_assert_num_queries(11):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_home_page(db, django_assert_num_queries):
    for post in PostFactory.create_batch(12):
        post.categories.add(CategoryFactory())
    Client().get("/")
    with django_assert_num_queries(3):
        assert Client().get("/").status_code == 200
