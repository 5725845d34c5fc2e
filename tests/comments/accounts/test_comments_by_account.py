"""A comment never carries an unverified address: an account without one comments through the
same emailed confirmation as an anonymous reader, once; a verified account skips it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import override_settings

from comments.models import Comment
from comments.services import comment_approve
from tests.comments.social import Person, social_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def confirm_path(message):
    return re.search(r"http://testserver(/comments/confirm/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def x_reader(client, providers_on, picture_downloads):
    """Logged in with X (no email from X), gave an address at the one-time step, has not confirmed it."""
    social_login(client, "twitter_oauth2", Person(uid="2244994945", name="Jo Runner"))
    client.post("/accounts/3rdparty/signup/", {"email": "jo.runner@example.org"})
    address = EmailAddress.objects.get(email="jo.runner@example.org")
    assert not address.verified
    return address.user


def test_the_form_asks_an_unverified_account_for_its_address_once(client, post, x_reader):
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Your email for replies" in page and "never shown" in page
    assert 'value="jo.runner@example.org"' in page  # the address given at the one-time step


def test_an_unverified_account_confirms_by_email_and_then_never_again(client, post, x_reader, comment_form, mailoutbox):
    mailoutbox.clear()
    sent = client.post("/comments/post/", comment_form(post, name="", email="jo.runner@example.org"))
    assert sent.status_code == 302
    assert not Comment.objects.exists()  # nothing is stored before the link is followed
    (message,) = [m for m in mailoutbox if m.to == ["jo.runner@example.org"]]

    held = client.post(confirm_path(message))
    comment = Comment.objects.get()
    assert held.status_code == 200 and "awaiting approval" in held.content.decode()
    assert comment.user == x_reader and comment.user_email == "jo.runner@example.org"
    assert comment.user_name == "Jo Runner" and comment.state == "pending"  # a first comment is held
    assert EmailAddress.objects.get(user=x_reader).verified  # following the link proved the address

    comment_approve(comment=comment)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Your email for replies" not in page
    mailoutbox.clear()
    client.post("/comments/post/", comment_form(post, name="", email="", comment="Second thought."))
    second = Comment.objects.get(comment="Second thought.")
    assert second.state == "approved" and second.user == x_reader and mailoutbox == []


def test_an_address_the_account_never_gave_is_not_attached_to_it(client, post, x_reader, comment_form, mailoutbox):
    client.post("/comments/post/", comment_form(post, name="", email="someone.else@example.org"))
    message = next(m for m in mailoutbox if m.to == ["someone.else@example.org"])
    client.post(confirm_path(message))
    assert Comment.objects.get().user_email == "someone.else@example.org"
    assert not EmailAddress.objects.filter(email="someone.else@example.org").exists()
    assert not EmailAddress.objects.get(user=x_reader).verified


def test_an_address_someone_else_proved_stays_theirs(client, post, x_reader, comment_form, mailoutbox):
    owner = UserFactory(username="owner", email="shared@example.org")
    EmailAddress.objects.create(user=owner, email="shared@example.org", verified=True, primary=True)
    EmailAddress.objects.create(user=x_reader, email="shared@example.org", verified=False)
    client.post("/comments/post/", comment_form(post, name="", email="shared@example.org"))
    client.post(confirm_path(next(m for m in mailoutbox if m.to == ["shared@example.org"])))
    assert not EmailAddress.objects.get(user=x_reader, email="shared@example.org").verified


@override_settings(COMMENTS_DISALLOWED_WORDS=["casino"])
def test_spam_from_an_unverified_account_sends_no_mail(client, post, x_reader, comment_form, mailoutbox):
    mailoutbox.clear()
    client.post("/comments/post/", comment_form(post, name="", email="jo.runner@example.org", comment="casino!"))
    stored = Comment.objects.get()
    assert stored.state == "spam" and stored.user == x_reader
    assert [m for m in mailoutbox if m.to == ["jo.runner@example.org"]] == []


def test_a_verified_account_comments_with_its_own_address_whatever_the_form_says(client_as, user, post, comment_form):
    client_as(user).post("/comments/post/", comment_form(post, name="Someone", email="forged@example.org"))
    comment = Comment.objects.get()
    assert comment.user_email == user.email and comment.user_name == user.get_full_name()


def test_a_reader_with_an_approved_comment_skips_the_first_comment_hold(client_as, user, post, comment_form):
    client = client_as(user)
    client.post("/comments/post/", comment_form(post, comment="First."))
    first = Comment.objects.get()
    assert first.state == "pending"
    comment_approve(comment=first)
    client.post("/comments/post/", comment_form(post, comment="Second."))
    assert Comment.objects.get(comment="Second.").state == "approved"


def test_a_social_reader_whose_provider_verified_the_address_skips_the_email_step(
    client, post, providers_on, picture_downloads, comment_form, mailoutbox
):
    social_login(client, "google", Person(uid="1", name="Jo Runner", email="jo.runner@example.org"))
    assert "Your email for replies" not in client.get(post.get_absolute_url()).content.decode()
    client.post("/comments/post/", comment_form(post, name="", email=""))
    comment = Comment.objects.get()
    assert comment.state == "pending" and comment.user_email == "jo.runner@example.org"
    assert not [m for m in mailoutbox if m.to == ["jo.runner@example.org"]]
    comment_approve(comment=comment)
    client.post("/comments/post/", comment_form(post, name="", email="", comment="And again."))
    assert Comment.objects.get(comment="And again.").state == "approved"


def test_history_by_a_verified_address_counts_for_a_social_account(
    client, post, providers_on, picture_downloads, comment_form
):
    """An anonymous comment approved earlier, with the address Google now vouches for."""
    from tests.comments.factories import CommentFactory

    CommentFactory(post=post, user_email="jo.runner@example.org")
    social_login(client, "google", Person(uid="1", name="Jo Runner", email="jo.runner@example.org"))
    client.post("/comments/post/", comment_form(post, name="", email="", comment="Back again."))
    assert Comment.objects.get(comment="Back again.").state == "approved"
