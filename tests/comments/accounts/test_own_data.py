"""A reader's own data at /comments/mine/: a JSON export, and deleting the account with the
conversations kept whole ("former reader")."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from comments.likes.services import post_like
from comments.models import Comment, LikeSummary, PostLike, ReaderAvatar
from notifications.models import Subscriber
from tests.comments.factories import CommentFactory
from tests.comments.social import png_bytes
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def reader_with_history(user, post):
    """A thread: the reader's comment with two replies under it, and the reader's reply to someone."""
    other = CommentFactory(post=post, user_name="Priya Natarajan", user_email="priya@example.org")
    mine = CommentFactory(
        post=post,
        user=user,
        user_name="Jo Reader",
        user_email=user.email,
        user_url="https://jo.example.org",
        comment="Does the iliopsoas explain the ache when I cycle uphill?",
    )
    replies = [
        CommentFactory(parent=mine, user_name="Maya Lindqvist", comment="Quite possibly, yes."),
        CommentFactory(parent=mine, user_name="Dev Mistry", comment="Same for me on hills."),
    ]
    my_reply = CommentFactory(parent=other, user=user, user_name="Jo Reader", user_email=user.email, comment="+1")
    SocialAccount.objects.create(user=user, provider="google", uid="117", extra_data={"name": "Jo Reader"})
    avatar = ReaderAvatar(user=user, provider="google", source_url="https://pictures.example/jo.jpg")
    avatar.image.save(f"{user.pk}-jo.png", ContentFile(png_bytes()), save=True)
    post_like(user=user, post=post)
    Subscriber.objects.create(email=user.email, user=user, status=Subscriber.Status.ACTIVE)
    return {"mine": mine, "replies": replies, "my_reply": my_reply, "other": other, "avatar": avatar}


def test_the_export_holds_the_account_its_comments_likes_and_subscription(client_as, user, reader_with_history):
    response = client_as(user).get("/comments/mine/export.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == user.username
    assert data["account"]["emails"] == [{"email": user.email, "verified": True, "primary": True}]
    assert data["account"]["social_accounts"][0]["provider"] == "Google"
    assert data["account"]["picture"] is True
    texts = [comment["text"] for comment in data["comments"]]
    assert texts == ["Does the iliopsoas explain the ache when I cycle uphill?", "+1"]
    assert data["comments"][0]["website"] == "https://jo.example.org"
    assert [like["url"] for like in data["likes"]] == [reader_with_history["mine"].content_object.get_absolute_url()]
    assert data["subscriptions"] == [{"email": user.email, "status": "active", "since": None}]


def test_the_export_and_deletion_need_an_account(client):
    assert client.get("/comments/mine/export.json").status_code == 302
    assert client.post("/comments/mine/delete-account/", {"confirm": "on"}).status_code == 302


def test_deleting_the_account_keeps_the_thread_as_former_reader(
    client_as, user, post, reader_with_history, django_capture_on_commit_callbacks
):
    client = client_as(user)
    mine, replies, my_reply = (
        reader_with_history["mine"],
        reader_with_history["replies"],
        reader_with_history["my_reply"],
    )
    storage, image = reader_with_history["avatar"].image.storage, reader_with_history["avatar"].image.name
    before = client.get(post.get_absolute_url()).content.decode()
    assert "5 thoughts on" in before

    asked = client.get("/comments/mine/delete-account/")
    assert asked.status_code == 200 and "former reader" in asked.content.decode()
    refused = client.post("/comments/mine/delete-account/", {})
    assert refused.status_code == 200 and User.objects.filter(pk=user.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        gone = client.post("/comments/mine/delete-account/", {"confirm": "on"})
    assert gone.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in client.session

    for comment in (mine, my_reply):
        comment.refresh_from_db()
        assert comment.user_id is None and comment.user_name == "former reader"
        assert (comment.user_email, comment.user_url, comment.ip_address) == ("", "", None)
        assert comment.state == "approved" and comment.comment  # the words stay, so the replies make sense
        assert "former reader" in comment.byline_html and "jo.example.org" not in comment.byline_html
    for reply in replies:
        reply.refresh_from_db()
        assert reply.parent_id == mine.pk and reply.state == "approved"
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not SocialAccount.objects.exists() and not ReaderAvatar.objects.exists()
    assert not storage.exists(image)
    assert not PostLike.objects.exists() and LikeSummary.objects.get(post=post).count == 0
    assert not Subscriber.objects.filter(email=user.email).exists()

    after = client.get(post.get_absolute_url()).content.decode()
    assert "5 thoughts on" in after and "former reader" in after
    assert "Quite possibly, yes." in after and "Same for me on hills." in after
    assert user.email not in after and "jo.example.org" not in after


def test_a_subscription_made_without_logging_in_goes_with_the_account(client_as, user):
    Subscriber.objects.create(email=user.email.upper(), status=Subscriber.Status.ACTIVE)
    Subscriber.objects.filter(email=user.email.upper()).update(email=user.email)
    client_as(user).post("/comments/mine/delete-account/", {"confirm": "on"})
    assert not Subscriber.objects.exists()


def test_staff_cannot_delete_themselves_here(client_as, moderator):
    response = client_as(moderator).post("/comments/mine/delete-account/", {"confirm": "on"}, follow=True)
    assert User.objects.filter(pk=moderator.pk).exists()
    assert "removed by an administrator" in response.content.decode()


def test_other_readers_likes_stay_when_one_leaves(client_as, user, post, django_capture_on_commit_callbacks):
    stays = UserFactory(username="stays", first_name="Ana", last_name="Sousa")
    post_like(user=stays, post=post)
    post_like(user=user, post=post)
    assert LikeSummary.objects.get(post=post).count == 2
    with django_capture_on_commit_callbacks(execute=True):
        client_as(user).post("/comments/mine/delete-account/", {"confirm": "on"})
    summary = LikeSummary.objects.get(post=post)
    assert summary.count == 1 and [face["name"] for face in summary.faces] == ["Ana Sousa"]


def test_mine_links_the_export_and_the_deletion(client_as, user):
    page = client_as(user).get("/comments/mine/").content.decode()
    assert 'href="/comments/mine/export.json"' in page and 'href="/comments/mine/delete-account/"' in page


def test_deleting_keeps_other_posts_comments_too(client_as, user):
    elsewhere = PostFactory()
    comment = CommentFactory(post=elsewhere, user=user, user_email=user.email)
    client_as(user).post("/comments/mine/delete-account/", {"confirm": "on"})
    comment.refresh_from_db()
    assert comment.user_name == "former reader" and Comment.objects.filter(pk=comment.pk).exists()
