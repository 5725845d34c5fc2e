"""The moderation queue in the admin, as a moderator works it."""

import pytest
from django_comments.models import CommentFlag

from comments.models import Comment
from tests.comments.factories import CommentFactory
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PENDING = "/admin/comments/pendingcomment/"


@pytest.fixture
def staff(client_as, queue_moderator):
    return client_as(queue_moderator)


@pytest.fixture
def queue(post):
    """Two pending, one spam, one flagged comment."""
    reader = UserFactory(username="flagger")
    flagged = CommentFactory(post=post, comment="Questionable advice about ice baths")
    CommentFlag.objects.create(comment=flagged, user=reader, flag=CommentFlag.SUGGEST_REMOVAL)
    return {
        "pending": [
            CommentFactory(post=post, state="pending", comment="First time here", moderation_reason="first comment"),
            CommentFactory(post=post, state="pending", comment="Two links inside"),
        ],
        "spam": CommentFactory(post=post, state="spam", comment="Cheap pills"),
        "flagged": flagged,
    }


def test_dashboard_and_menu_show_the_queue_counts(staff, queue):
    dashboard = staff.get("/admin/").content.decode()
    assert "Comments waiting for you" in dashboard
    assert "<strong>2</strong> pending" in dashboard
    assert "<strong>1</strong> flagged by readers" in dashboard and "<strong>1</strong> in spam" in dashboard
    menu = staff.get("/admin/comments/comment/").content.decode()
    assert 'title="2 waiting">2</span>' in menu and 'title="1 waiting">1</span>' in menu


def test_each_list_holds_its_comments(staff, queue):
    pending = staff.get(PENDING).content.decode()
    assert "First time here" in pending and "Two links inside" in pending and "Cheap pills" not in pending
    assert "Held: first comment" in pending
    assert "Cheap pills" in staff.get("/admin/comments/spamcomment/").content.decode()
    flagged = staff.get("/admin/comments/flaggedcomment/").content.decode()
    assert "Questionable advice" in flagged and "First time here" not in flagged


def test_bulk_approve_publishes_and_tells_followers_once(
    staff, post, queue, mailoutbox, django_capture_on_commit_callbacks
):
    CommentFactory(post=post, user_email="follower@example.org", followup=True)
    ids = [str(c.pk) for c in queue["pending"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(PENDING, {"action": "approve_selected", "_selected_action": ids})
    assert response.status_code == 302
    assert set(Comment.objects.filter(pk__in=ids).values_list("state", flat=True)) == {"approved"}
    assert len([m for m in mailoutbox if m.to == ["follower@example.org"]]) == 2
    # Holding and approving again does not email the followers a second time.
    with django_capture_on_commit_callbacks(execute=True):
        staff.post("/admin/comments/comment/", {"action": "hold_selected", "_selected_action": ids})
        staff.post("/admin/comments/comment/", {"action": "approve_selected", "_selected_action": ids})
    assert len([m for m in mailoutbox if m.to == ["follower@example.org"]]) == 2


@pytest.mark.parametrize(("action", "state"), [("hold", "pending"), ("spam", "spam"), ("remove", "removed")])
def test_bulk_hold_spam_and_remove(staff, queue, action, state):
    target = queue["flagged"]
    staff.post("/admin/comments/comment/", {"action": f"{action}_selected", "_selected_action": [target.pk]})
    assert Comment.objects.get(pk=target.pk).state == state
    assert Comment.objects.filter(pk=target.pk).exists()


def test_one_comment_from_its_row_button(staff, queue):
    comment = queue["pending"][0]
    html = staff.get(PENDING).content.decode()
    url = f"/admin/comments/pendingcomment/{comment.pk}/moderate/approve/"
    assert f'formaction="{url}"' in html
    response = staff.post(url)
    assert response.status_code == 302 and response.url == PENDING
    assert Comment.objects.get(pk=comment.pk).state == "approved"
    assert staff.get(url).status_code == 405
    assert staff.post(f"/admin/comments/pendingcomment/{comment.pk}/moderate/explode/").status_code == 404


def test_approving_a_flagged_comment_keeps_it_and_clears_the_flag(staff, queue):
    flagged = queue["flagged"]
    staff.post(f"/admin/comments/flaggedcomment/{flagged.pk}/moderate/approve/")
    assert Comment.objects.get(pk=flagged.pk).state == "approved"
    assert not Comment.objects.flagged().exists()


def test_view_in_context_lands_on_the_comment_or_near_a_held_one(staff, client, post, queue):
    approved = queue["flagged"]
    response = staff.get(f"/comments/in-context/{approved.pk}/")
    assert response.url == f"{post.get_absolute_url()}#c{approved.pk}"
    held = queue["pending"][0]
    assert staff.get(f"/comments/in-context/{held.pk}/").url == f"{post.get_absolute_url()}#comments"
    assert client.get(f"/comments/in-context/{held.pk}/").status_code == 404


def test_the_post_and_a_link_in_context_are_in_each_row(staff, post, queue):
    html = staff.get(PENDING).content.decode()
    assert post.title.replace("’", "&#x27;") in html or post.title in html
    assert f"/comments/in-context/{queue['pending'][0].pk}/" in html


def test_the_clinician_replies_as_the_author_from_the_admin(client_as, post, clinician, queue):
    parent = queue["pending"][0]
    staff = client_as(clinician)
    page = staff.get(f"/admin/comments/pendingcomment/{parent.pk}/reply/").content.decode()
    assert "First time here" in page and "with the author badge" in page
    response = staff.post(
        f"/admin/comments/pendingcomment/{parent.pk}/reply/", {"text": "Welcome, and thank you!", "approve": "on"}
    )
    assert response.status_code == 302
    reply = Comment.objects.get(comment="Welcome, and thank you!")
    assert reply.parent_id == parent.pk and reply.state == "approved" and reply.user == clinician
    assert Comment.objects.get(pk=parent.pk).state == "approved"
    html = staff.get(post.get_absolute_url()).content.decode()
    assert "Welcome, and thank you!" in html and "badge--author" in html


def test_the_change_form_moderates_through_the_service(staff, queue):
    comment = queue["pending"][0]
    url = f"/admin/comments/comment/{comment.pk}/change/"
    page = staff.get(url).content.decode()
    assert "view the comment in context" in page
    response = staff.post(url, {"comment": "First time here (trimmed)", "state": "approved"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.state, comment.comment, comment.moderated_at is not None) == (
        "approved",
        "First time here (trimmed)",
        True,
    )


def test_a_new_pending_comment_emails_the_posts_author(post, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(post=post, state="pending", comment="Is this safe in pregnancy?")
        CommentFactory(post=post, state="approved")
        CommentFactory(post=post, state="spam")
    assert len(mailoutbox) == 1
    notice = mailoutbox[0]
    assert notice.to == [post.author.email] and "Is this safe in pregnancy?" in notice.body
    assert "http://testserver/admin/comments/pendingcomment/" in notice.body


def test_nothing_is_deleted_from_the_queue_by_moderators(staff, queue):
    html = staff.get("/admin/comments/comment/").content.decode()
    assert "delete_selected" not in html
    comment = queue["spam"]
    assert staff.get(f"/admin/comments/comment/{comment.pk}/delete/").status_code == 403


def test_the_queue_has_no_n_plus_one(staff, django_assert_max_num_queries):
    for _ in range(3):
        post = PostFactory()
        CommentFactory.create_batch(10, post=post, state="pending")
    with django_assert_max_num_queries(16):
        assert staff.get(PENDING).status_code == 200


def test_an_erased_comment_cannot_be_published_again(staff, post):
    from comments.services import comment_erase

    erased = comment_erase(comment=CommentFactory(post=post))
    response = staff.post(f"/admin/comments/comment/{erased.pk}/moderate/approve/", follow=True)
    assert "Its author removed this comment, so it cannot be published again" in response.content.decode()
    assert Comment.objects.get(pk=erased.pk).state == "removed"
