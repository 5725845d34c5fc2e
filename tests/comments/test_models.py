import pytest
from django.test import override_settings
from django_comments.views.moderation import perform_delete

from comments.models import Comment
from comments.services import comment_approve, comment_hold
from comments.threads import build_tree, comments_on
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("state", "is_public", "is_removed"),
    [("approved", True, False), ("pending", False, False), ("spam", False, True), ("removed", True, True)],
)
def test_each_state_sets_xtds_two_flags(post, state, is_public, is_removed):
    comment = CommentFactory(post=post, state=state)
    comment.refresh_from_db()
    assert (comment.is_public, comment.is_removed) == (is_public, is_removed)


def test_django_comments_own_delete_view_moves_the_state_to_removed(post, rf, moderator):
    comment = CommentFactory(post=post)
    request = rf.post("/")
    request.user = moderator
    perform_delete(request, Comment.objects.get(pk=comment.pk))
    assert Comment.objects.get(pk=comment.pk).state == Comment.State.REMOVED


def test_comment_text_is_escaped_linkified_and_keeps_line_breaks(post):
    comment = CommentFactory(
        post=post, comment='<script>alert(1)</script> see www.example.org\n\nand <img src=x onerror="boom()">'
    )
    html = comment.comment_html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="http://www.example.org" rel="nofollow ugc noopener noreferrer">www.example.org</a>' in html
    assert html.count("<p>") == 2


def test_replies_get_levels_and_a_depth_first_order(post):
    root = CommentFactory(post=post)
    first = CommentFactory(parent=root)
    second = CommentFactory(parent=root)
    nested = CommentFactory(parent=first)
    rows = list(comments_on(post).order_by("thread_id", "order"))
    assert [c.pk for c in rows] == [root.pk, first.pk, nested.pk, second.pk]
    assert [c.level for c in rows] == [0, 1, 2, 1]


def test_xtds_republish_on_save_is_disconnected_so_held_replies_stay_held(post):
    parent = CommentFactory(post=post)
    held_reply = CommentFactory(parent=parent, state=Comment.State.PENDING)
    comment_hold(comment=parent)
    comment_approve(comment=parent)
    assert Comment.objects.get(pk=held_reply.pk).state == Comment.State.PENDING
    assert Comment.objects.get(pk=held_reply.pk).is_public is False


def test_a_reply_under_a_hidden_comment_is_left_out_of_the_tree(post):
    parent = CommentFactory(post=post, state=Comment.State.PENDING)
    CommentFactory(parent=parent)
    visible = comments_on(post).on_page().order_by("thread_id", "order")
    assert build_tree(visible) == []


def test_a_removed_comment_keeps_its_place_only_while_it_has_replies(post):
    kept = CommentFactory(post=post, state=Comment.State.REMOVED)
    CommentFactory(parent=kept)
    CommentFactory(post=post, state=Comment.State.REMOVED)
    roots = build_tree(comments_on(post).on_page().order_by("thread_id", "order"))
    assert [node.comment.pk for node in roots] == [kept.pk]
    assert len(roots[0].children) == 1


@override_settings(COMMENTS_PER_PAGE=2)
def test_a_comment_url_names_the_comment_page_that_holds_it(post):
    threads = [CommentFactory(post=post) for _ in range(5)]
    reply = CommentFactory(parent=threads[4])
    assert threads[0].get_absolute_url() == f"{post.get_absolute_url()}#c{threads[0].pk}"
    assert threads[2].get_absolute_url() == f"{post.get_absolute_url()}?cpage=2#c{threads[2].pk}"
    assert reply.get_absolute_url() == f"{post.get_absolute_url()}?cpage=3#c{reply.pk}"
    with override_settings(COMMENTS_ORDER="newest"):
        assert threads[0].get_absolute_url() == f"{post.get_absolute_url()}?cpage=3#c{threads[0].pk}"
