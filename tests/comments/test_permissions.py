"""The roles migration: Moderators work the comment queue and nothing else; Authors write and
look after their own posts' comments; superusers do everything. Each permission is exercised."""

import pytest
from django.contrib.auth.models import Permission

from comments.models import Comment
from comments.roles import grant_authors_content_permissions
from tests.comments.factories import CommentFactory
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE_URLS = [
    "/admin/comments/comment/",
    "/admin/comments/pendingcomment/",
    "/admin/comments/spamcomment/",
    "/admin/comments/flaggedcomment/",
]
CONTENT_URLS = [
    "/admin/posts/post/",
    "/admin/posts/post/add/",
    "/admin/posts/category/",
    "/admin/posts/page/",
    "/admin/posts/anatomytopic/",
    "/admin/posts/exercise/",
]


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_migration_creates_both_groups_with_their_permissions(moderators_group, authors_group):
    moderators = codenames(moderators_group)
    assert moderators == {
        "django_comments.can_moderate",
        *(
            f"comments.{a}_{m}"
            for m in ("comment", "pendingcomment", "spamcomment", "flaggedcomment")
            for a in ("view", "change")
        ),
        # Canned replies to insert, and the record of moderators' edits (read-only).
        "comments.view_cannedreply",
        "comments.view_commentedit",
    }
    authors = codenames(authors_group)
    assert {"posts.add_post", "posts.change_post", "posts.delete_post", "posts.view_post"} <= authors
    assert {
        "posts.change_page",
        "posts.change_category",
        "posts.change_reference",
        "posts.change_authorprofile",
    } <= authors
    assert {"comments.view_comment", "comments.change_comment"} <= authors
    assert "django_comments.can_moderate" not in authors
    assert not any(name.startswith("auth.") for name in authors | moderators)


def test_authors_cover_every_content_model_including_the_library(authors_group):
    posts_models = set(
        Permission.objects.filter(content_type__app_label="posts", codename__startswith="change_").values_list(
            "codename", flat=True
        )
    )
    assert {"change_anatomytopic", "change_condition", "change_exercise"} <= posts_models
    assert {f"posts.{c}" for c in posts_models} <= codenames(authors_group)


def test_content_models_added_later_are_granted_after_migrate(authors_group):
    removed = authors_group.permissions.filter(codename="change_exercise")
    authors_group.permissions.remove(*removed)
    assert grant_authors_content_permissions() >= 1
    assert "posts.change_exercise" in codenames(authors_group)


def test_moderators_work_the_whole_queue_and_nothing_else(client_as, queue_moderator, post):
    staff = client_as(queue_moderator)
    comment = CommentFactory(post=post, state="pending")
    for url in QUEUE_URLS:
        assert staff.get(url).status_code == 200, url
    assert staff.get(f"/admin/comments/comment/{comment.pk}/change/").status_code == 200
    assert staff.post(f"/admin/comments/comment/{comment.pk}/moderate/approve/").status_code == 302
    assert Comment.objects.get(pk=comment.pk).state == "approved"
    for url in CONTENT_URLS + ["/admin/auth/user/", "/admin/django_q/ormq/", "/admin/django_q/failure/"]:
        assert staff.get(url).status_code == 403, url
    assert staff.get(f"/admin/comments/comment/{comment.pk}/delete/").status_code == 403
    # django_comments' own moderation links work for them too.
    assert staff.get(f"/comments/delete/{comment.pk}/").status_code == 200


def test_authors_write_content_and_see_only_their_own_posts_comments(client_as, author):
    own = PostFactory(author=author, title="Author's own post")
    other = PostFactory(title="Someone else's post")
    mine = CommentFactory(post=own, state="pending", comment="On my post")
    theirs = CommentFactory(post=other, state="pending", comment="On their post")
    staff = client_as(author)
    for url in ["/admin/posts/post/", "/admin/posts/post/add/", "/admin/posts/category/"]:
        assert staff.get(url).status_code == 200, url
    queue = staff.get("/admin/comments/pendingcomment/").content.decode()
    assert "On my post" in queue and "On their post" not in queue
    assert staff.post(f"/admin/comments/pendingcomment/{mine.pk}/moderate/approve/").status_code == 302
    assert staff.post(f"/admin/comments/pendingcomment/{theirs.pk}/moderate/approve/").status_code == 404
    assert Comment.objects.get(pk=theirs.pk).state == "pending"
    assert "<strong>1</strong> pending" not in staff.get("/admin/").content.decode()
    # Authors do not get the site-wide moderation links.
    assert staff.get(f"/comments/delete/{theirs.pk}/").status_code == 403
    assert staff.get("/admin/auth/user/").status_code == 403


def test_readers_and_anonymous_visitors_never_reach_the_queue(client, client_as, user, post):
    comment = CommentFactory(post=post, state="pending")
    for who in (client, client_as(user)):
        response = who.get("/admin/comments/pendingcomment/")
        assert response.status_code == 302 and "/admin/login/" in response.url
        assert who.post(f"/admin/comments/comment/{comment.pk}/moderate/approve/").status_code == 302
        assert who.get(f"/comments/approve/{comment.pk}/").status_code in (302, 403)
    assert Comment.objects.get(pk=comment.pk).state == "pending"


def test_a_staff_member_without_a_role_sees_no_queue(client_as, post):
    bare = UserFactory(username="bare", is_staff=True)
    assert client_as(bare).get("/admin/comments/comment/").status_code == 403
    assert "Comments waiting for you" not in client_as(bare).get("/admin/").content.decode()


def test_superusers_may_do_everything_including_delete(client_as, operator, post):
    comment = CommentFactory(post=post)
    staff = client_as(operator)
    for url in (
        QUEUE_URLS + CONTENT_URLS + ["/admin/django_q/ormq/", "/admin/django_q/failure/", "/admin/django_q/schedule/"]
    ):
        assert staff.get(url).status_code == 200, url
    assert staff.post(f"/admin/comments/comment/{comment.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
