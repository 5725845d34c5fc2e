import json

import pytest
from bs4 import BeautifulSoup

from comments.models import Comment
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_post_page_blogposting_counts_approved_comments_only(client, post, django_assert_max_num_queries):
    CommentFactory.create_batch(3, post=post)
    CommentFactory(post=post, state=Comment.State.PENDING)
    CommentFactory(post=post, state=Comment.State.SPAM)
    client.get(post.get_absolute_url())  # a process's first request also syncs the site and content types
    with django_assert_max_num_queries(12):
        page = client.get(post.get_absolute_url()).content.decode()
    script = BeautifulSoup(page, "html.parser").find("script", type="application/ld+json")
    graph = json.loads(script.string)["@graph"]
    posting = next(node for node in graph if node["@type"] == "BlogPosting")
    assert posting["commentCount"] == 3
    assert "3 thoughts on" in page
