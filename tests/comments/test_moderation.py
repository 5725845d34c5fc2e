"""The moderation rules, each with its default and its setting, and what a reader sees."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.test import override_settings
from django.utils import timezone

from comments.models import Comment
from comments.moderation import comments_open, judge
from comments.services import comment_edit
from tests.comments.factories import CommentFactory
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

KNOWN_EMAIL = "regular@example.org"


@pytest.fixture
def regular(post):
    """A reader whose earlier comment was approved."""
    return CommentFactory(post=post, user_email=KNOWN_EMAIL)


def confirm_link(message):
    return re.search(r"http://testserver(/comments/confirm/[^/\s]+/)", message.body).group(1)


# --- The rules on their own -------------------------------------------------------------


def test_staff_are_published_at_once_whatever_they_write(moderator):
    with override_settings(COMMENTS_DISALLOWED_WORDS=["casino"]):
        assert judge(text="casino http://a.example http://b.example", user=moderator).state == "approved"


def test_a_first_comment_is_held(db):
    verdict = judge(text="Thank you!", email="new@example.org")
    assert (verdict.state, verdict.reason) == ("pending", "first comment from this author")


def test_an_author_with_an_approved_comment_by_email_is_published(regular):
    assert judge(text="Thanks again!", email=KNOWN_EMAIL.upper()).state == "approved"


def test_a_held_or_removed_earlier_comment_does_not_count_as_history(post):
    CommentFactory(post=post, user_email="held@example.org", state=Comment.State.PENDING)
    CommentFactory(post=post, user_email="held@example.org", state=Comment.State.REMOVED)
    assert judge(text="Hello", email="held@example.org").state == "pending"


def test_an_account_with_an_approved_comment_is_published(post, user):
    CommentFactory(post=post, user=user, user_email="old-address@example.org")
    assert judge(text="Hello", user=user, email=user.email).state == "approved"


def test_an_account_inherits_history_only_from_a_verified_address(post):
    CommentFactory(post=post, user_email="social@example.org")
    unverified = UserFactory(email="social@example.org")
    assert judge(text="Hi", user=unverified, email=unverified.email).state == "pending"
    EmailAddress.objects.create(user=unverified, email="social@example.org", verified=True, primary=True)
    assert judge(text="Hi", user=unverified, email=unverified.email).state == "approved"


def test_two_links_hold_a_comment_one_does_not(regular):
    one = "Here is the study: https://pubmed.ncbi.nlm.nih.gov/27343394/"
    two = one + " and www.example.org/more"
    assert judge(text=one, email=KNOWN_EMAIL).state == "approved"
    verdict = judge(text=two, email=KNOWN_EMAIL)
    assert (verdict.state, verdict.reason) == ("pending", "contains 2 links")
    with override_settings(COMMENTS_HOLD_LINKS=0):
        assert judge(text=two, email=KNOWN_EMAIL).state == "approved"
    with override_settings(COMMENTS_HOLD_LINKS=1):
        assert judge(text=one, email=KNOWN_EMAIL).state == "pending"


@override_settings(COMMENTS_MODERATION_WORDS=["miracle cure"], COMMENTS_DISALLOWED_WORDS=["casino", "203.0.113."])
def test_word_lists_hold_or_mark_spam_on_text_name_email_address_and_ip(regular):
    assert judge(text="A MIRACLE CURE for hips", email=KNOWN_EMAIL).state == "pending"
    assert judge(text="Nice post", name="Casino Bonus", email=KNOWN_EMAIL).state == "spam"
    assert judge(text="Nice post", email=KNOWN_EMAIL, ip="203.0.113.9").state == "spam"
    assert judge(text="Nice post", email=KNOWN_EMAIL, ip="198.51.100.1").state == "approved"


@override_settings(COMMENTS_HOLD_FIRST_COMMENT=False)
def test_the_first_comment_rule_can_be_turned_off(db):
    assert judge(text="Hello", email="new@example.org").state == "approved"


def test_comments_close_with_the_posts_switch_after_n_days_and_on_drafts(db):
    old = PostFactory(published_at=timezone.now() - datetime.timedelta(days=40))
    assert comments_open(old)
    with override_settings(COMMENTS_CLOSE_AFTER_DAYS=30):
        assert not comments_open(old)
        assert comments_open(PostFactory())
    assert not comments_open(PostFactory(comments_open=False))
    assert not comments_open(PostFactory(status="draft", published_at=None))


def test_an_edited_approved_comment_stays_visible_unless_a_rule_fires(post, user):
    comment = CommentFactory(post=post, user=user)
    comment_edit(comment=comment, editor=user, text="Fixed a typo.")
    comment.refresh_from_db()
    assert (comment.state, comment.comment, comment.edited_at is not None) == ("approved", "Fixed a typo.", True)
    comment_edit(comment=comment, editor=user, text="Buy at https://a.example and https://b.example")
    comment.refresh_from_db()
    assert comment.state == "pending" and comment.moderation_reason == "edited: contains 2 links"


# --- What happens to a real submission ----------------------------------------------------


def test_an_anonymous_comment_is_stored_only_after_the_emailed_link_is_opened(
    client, post, comment_form, mailoutbox, clinician, django_capture_on_commit_callbacks
):
    response = client.post("/comments/post/", comment_form(post))
    assert response.status_code == 302
    assert Comment.objects.count() == 0
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["priya@example.org"]
    page = client.get(response.url)
    assert "check your email" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        held = client.post(confirm_link(mailoutbox[0]))
    comment = Comment.objects.get()
    assert comment.state == "pending" and comment.moderation_reason == "first comment from this author"
    assert "awaiting approval" in held.content.decode()
    # The clinician hears about it.
    assert mailoutbox[-1].to == [clinician.email] and "waiting" in mailoutbox[-1].subject

    # Opening the link again stores nothing more.
    client.post(confirm_link(mailoutbox[0]))
    assert Comment.objects.count() == 1


def test_a_known_anonymous_author_is_published_on_confirmation_and_lands_on_the_comment(
    client, post, regular, comment_form, mailoutbox
):
    client.post("/comments/post/", comment_form(post, email=KNOWN_EMAIL))
    response = client.post(confirm_link(mailoutbox[0]))
    new = Comment.objects.latest("pk")
    assert new.state == "approved"
    assert response.status_code == 302 and response.url == f"{post.get_absolute_url()}#c{new.pk}"


def test_logged_in_readers_skip_the_email_but_not_the_rules(client_as, user, post, comment_form, mailoutbox):
    response = client_as(user).post("/comments/post/", comment_form(post, name="", email=""))
    comment = Comment.objects.get()
    assert comment.user == user and comment.state == "pending"
    assert comment.user_email == user.email
    assert not [m for m in mailoutbox if m.to == [user.email]]
    assert "awaiting approval" in client_as(user).get(response.url).content.decode()


def test_staff_comments_are_published_at_once(client_as, moderator, post, comment_form):
    response = client_as(moderator).post("/comments/post/", comment_form(post))
    comment = Comment.objects.get()
    assert comment.state == "approved"
    follow = client_as(moderator).get(response.url)
    assert follow.status_code == 302 and follow.url.endswith(f"#c{comment.pk}")


@override_settings(COMMENTS_DISALLOWED_WORDS=["casino"])
def test_anonymous_spam_is_stored_as_spam_with_no_mail_sent(client, post, comment_form, mailoutbox):
    response = client.post("/comments/post/", comment_form(post, comment="Best casino bonus"))
    assert response.status_code == 200 and "awaiting approval" in response.content.decode()
    comment = Comment.objects.get()
    assert (comment.state, comment.is_public) == ("spam", False)
    assert mailoutbox == []


@override_settings(COMMENTS_DISALLOWED_WORDS=["casino"])
def test_a_logged_in_readers_spam_is_stored_as_spam_and_answered_like_a_held_comment(
    client_as, user, post, comment_form
):
    client = client_as(user)
    response = client.post("/comments/post/", comment_form(post, comment="Best casino bonus"))
    assert Comment.objects.get().state == "spam"
    assert "awaiting approval" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"honeypot": "I am a bot"}, "a field that people never see was filled in"),
        ({"age": 1}, "faster than a person can type"),
    ],
)
def test_honeypot_and_too_fast_are_refused_clearly_storing_and_sending_nothing(
    client, post, comment_form, mailoutbox, fields, why
):
    age = fields.pop("age", 10)
    response = client.post("/comments/post/", comment_form(post, age=age, **fields))
    assert response.status_code == 400
    assert why in response.content.decode()
    assert Comment.objects.count() == 0 and mailoutbox == []


@override_settings(COMMENTS_MIN_SECONDS=30)
def test_the_minimum_typing_time_is_a_setting(client, post, comment_form):
    assert client.post("/comments/post/", comment_form(post, age=20)).status_code == 400


def test_a_closed_post_refuses_comments_with_a_clear_page(client, comment_form):
    closed = PostFactory(comments_open=False)
    response = client.post("/comments/post/", comment_form(closed))
    assert response.status_code == 403 and "Comments are closed" in response.content.decode()
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Comments are closed on this post." in page and 'id="comment-form"' not in page


# --- The rate limit -----------------------------------------------------------------------


def post_n(client, post, comment_form, n, **extra):
    return [
        client.post("/comments/post/", comment_form(post, comment=f"Comment number {i}"), **extra).status_code
        for i in range(n)
    ]


def test_over_five_a_minute_is_429_and_stores_nothing(client, post, comment_form, mailoutbox):
    statuses = post_n(client, post, comment_form, 6)
    assert statuses == [302] * 5 + [429]
    assert len(mailoutbox) == 5
    response = client.post("/comments/post/", comment_form(post, comment="One more"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Please slow down" in response.content.decode()


@override_settings(COMMENTS_RATE_PER_MINUTE=100, COMMENTS_RATE_PER_HOUR=3)
def test_the_hourly_limit_is_a_setting(client, post, comment_form):
    assert post_n(client, post, comment_form, 4) == [302, 302, 302, 429]


def test_form_errors_and_previews_do_not_use_up_the_limit(client, post, comment_form):
    for _ in range(6):
        assert client.post("/comments/post/", comment_form(post, comment="")).status_code == 200
        assert client.post("/comments/post/", comment_form(post, preview="1")).status_code == 200
    assert client.post("/comments/post/", comment_form(post)).status_code == 302


def test_the_limit_follows_the_account_across_addresses(client_as, user, post, comment_form):
    client = client_as(user)
    statuses = [
        client.post("/comments/post/", comment_form(post, comment=f"c{i}"), REMOTE_ADDR=f"198.51.100.{i}").status_code
        for i in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert Comment.objects.count() == 5


def test_staff_are_exempt_from_the_limit(client_as, moderator, post, comment_form):
    assert post_n(client_as(moderator), post, comment_form, 8) == [302] * 8


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_each_reader_has_their_own_limit(client, post, comment_form):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = post_n(client, post, comment_form, 6, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    second = post_n(client, post, comment_form, 1, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert first[-1] == 429 and second == [302]
    # A forged address to the left of the real one changes nothing.
    forged = post_n(client, post, comment_form, 1, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7", **proxy)
    assert forged == [429]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, post, comment_form):
    spoofed = [
        client.post(
            "/comments/post/", comment_form(post, comment=f"c{i}"), HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"
        ).status_code
        for i in range(6)
    ]
    assert spoofed[-1] == 429
