"""Removed stays removed: a comment its author took back is never published again by a moderator,
whichever way they try (service, admin bulk action, row button, change form, the approve link),
and an author cannot turn their own spam into a "removed" note.
"""

import pytest
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from comments import services
from comments.models import Comment
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

ALL = "/admin/comments/comment/"


@pytest.fixture
def staff(client_as, queue_moderator):
    return client_as(queue_moderator)


@pytest.fixture
def taken_back(post, user):
    """A published comment its author deleted from "My comments"."""
    comment = CommentFactory(post=post, user=user, comment="I said too much about my GP")
    services.comment_delete_own(comment=comment, user=user)
    return Comment.objects.get(pk=comment.pk)


def test_deleting_your_own_comment_records_that_the_author_removed_it(taken_back):
    assert taken_back.state == Comment.State.REMOVED
    assert taken_back.removed_by == Comment.RemovedBy.AUTHOR


@pytest.mark.parametrize("service", [services.comment_approve, services.comment_hold])
def test_a_moderator_cannot_publish_or_requeue_it(taken_back, queue_moderator, service):
    with pytest.raises(ValidationError, match="Its author removed this comment"):
        service(comment=taken_back, moderator=queue_moderator)
    assert Comment.objects.get(pk=taken_back.pk).state == Comment.State.REMOVED


def test_the_admin_bulk_action_refuses_it_with_a_message(staff, taken_back):
    response = staff.post(ALL, {"action": "approve_selected", "_selected_action": [taken_back.pk]}, follow=True)
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Its author removed this comment" in text for text in texts)
    assert any("0 comments approved" in text for text in texts)
    assert Comment.objects.get(pk=taken_back.pk).state == Comment.State.REMOVED


def test_the_queue_offers_no_approve_button_and_the_url_refuses(staff, taken_back):
    approve = f"{ALL}{taken_back.pk}/moderate/approve/"
    assert f'formaction="{approve}"' not in staff.get(ALL).content.decode()
    response = staff.post(approve, follow=True)
    assert response.status_code == 200
    assert "Its author removed this comment" in response.content.decode()
    assert Comment.objects.get(pk=taken_back.pk).state == Comment.State.REMOVED


def test_the_change_form_cannot_set_it_back_to_approved(staff, taken_back):
    page = staff.get(f"{ALL}{taken_back.pk}/change/")
    assert "Its author" in page.content.decode()  # "Removed by" is shown
    form = {"comment": taken_back.comment, "state": "approved"}
    response = staff.post(f"{ALL}{taken_back.pk}/change/", form, follow=True)
    assert response.status_code == 200
    assert "Its author removed this comment" in response.content.decode()
    assert Comment.objects.get(pk=taken_back.pk).state == Comment.State.REMOVED


def test_the_approve_link_outside_the_admin_refuses_clearly(client_as, queue_moderator, taken_back):
    response = client_as(queue_moderator).post(f"/comments/approve/{taken_back.pk}/")
    assert response.status_code == 409
    assert "Its author removed this comment" in response.content.decode()
    assert Comment.objects.get(pk=taken_back.pk).state == Comment.State.REMOVED


def test_a_moderator_s_own_removal_can_be_undone(post, queue_moderator):
    comment = CommentFactory(post=post)
    services.comment_remove(comment=comment, moderator=queue_moderator)
    assert Comment.objects.get(pk=comment.pk).removed_by == Comment.RemovedBy.MODERATOR
    services.comment_approve(comment=comment, moderator=queue_moderator)
    restored = Comment.objects.get(pk=comment.pk)
    assert (restored.state, restored.removed_by) == (Comment.State.APPROVED, "")


def test_an_author_cannot_turn_their_spam_into_removed(client_as, post, user):
    spam = CommentFactory(post=post, user=user, state=Comment.State.SPAM, comment="Buy cheap pills")
    with pytest.raises(ValidationError):
        services.comment_delete_own(comment=spam, user=user)
    response = client_as(user).post(f"/comments/mine/{spam.pk}/delete/", follow=True)
    assert response.status_code == 200 and "cannot be deleted" in response.content.decode()
    stored = Comment.objects.get(pk=spam.pk)
    assert (stored.state, stored.removed_by) == (Comment.State.SPAM, "")


def test_erasing_spam_through_a_data_link_erases_it_but_it_stays_spam(post, queue_moderator):
    spam = CommentFactory(post=post, user_email="pills@example.org", state=Comment.State.SPAM, comment="Cheap pills")
    services.comments_erase_for_email(email="pills@example.org")
    stored = Comment.objects.get(pk=spam.pk)
    assert (stored.state, stored.comment, stored.user_email) == (Comment.State.SPAM, "", "")
    assert not stored.is_visible  # no "removed" note appears in the thread
    with pytest.raises(ValidationError):
        services.comment_approve(comment=stored, moderator=queue_moderator)


def test_erased_comments_are_recorded_as_removed_by_their_author(post, queue_moderator):
    comment = CommentFactory(post=post, user_email="gone@example.org")
    services.comments_erase_for_email(email="gone@example.org")
    assert Comment.objects.get(pk=comment.pk).removed_by == Comment.RemovedBy.AUTHOR


def test_the_migration_guesses_who_removed_older_comments(post, queue_moderator):
    import importlib

    migration = importlib.import_module("comments.migrations.0010_record_who_removed_a_comment")
    by_moderator = CommentFactory(post=post, state="removed", moderated_by=queue_moderator)
    erased = CommentFactory(post=post, state="removed", moderation_reason="erased at its author's request")
    deleted = CommentFactory(post=post, state="removed")
    approved = CommentFactory(post=post)
    Comment.objects.update(removed_by="")
    migration.guess_who_removed(django_apps, None)
    found = dict(Comment.objects.values_list("pk", "removed_by"))
    assert found == {by_moderator.pk: "moderator", erased.pk: "author", deleted.pk: "author", approved.pk: ""}
