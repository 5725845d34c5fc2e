"""The comment section of a post page, the reply and preview pages, reactions, follow-ups, and bad input."""

import re

import pytest
from django.test import Client, override_settings
from django_comments.models import CommentFlag

from comments.models import Comment
from tests.comments.factories import CommentFactory
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def section(response):
    html = response.content.decode()
    return html[html.index('id="comments"') :]


# --- Reading ------------------------------------------------------------------------------


def test_post_page_shows_approved_count_tree_permalinks_badge_and_add_yours(client, post):
    first = CommentFactory(post=post, user_name="Priya", comment="The p is silent — I couldn't find it!")
    answer = CommentFactory(parent=first, user=post.author, comment="It is said SO-as.")
    CommentFactory(post=post, state=Comment.State.PENDING, comment="Held for review")
    CommentFactory(post=post, state=Comment.State.SPAM, comment="Cheap pills")
    html = section(client.get(post.get_absolute_url()))
    assert "2 thoughts on “It’s the iliopsoas, stupid!”" in html
    assert 'href="#respond">Add yours</a>' in html
    assert f'id="c{first.pk}"' in html and f'href="#c{first.pk}"' in html
    assert "Held for review" not in html and "Cheap pills" not in html
    # The author's reply is nested under the reader's comment and carries the badge.
    reply_item = html[html.index(f'id="c{answer.pk}"') :]
    assert 'class="comment comment--by-author"' in reply_item[:200]
    assert "Author</span>" in reply_item[:1500]
    assert html.index("comment-list--children") < html.index(f'id="c{answer.pk}"')


def test_one_thought_and_no_thoughts(client, post):
    assert "No thoughts yet on" in section(client.get(post.get_absolute_url()))
    CommentFactory(post=post)
    assert "One thought on" in section(client.get(post.get_absolute_url()))


def test_avatars_are_local_and_emails_never_shown(client, post):
    CommentFactory(post=post, user_email="secret-address@example.org")
    html = section(client.get(post.get_absolute_url()))
    assert 'class="comment__avatar avatar--initials avatar--tone-' in html  # initials, drawn here
    assert 'class="comment__avatar" src=' not in html  # no picture fetched from anywhere
    assert "secret-address" not in html
    assert "192.0.2.10" not in html


def test_gravatar_only_when_the_operator_turns_it_on(client, post):
    CommentFactory(post=post)
    assert "gravatar" not in section(client.get(post.get_absolute_url()))
    with override_settings(COMMENTS_GRAVATAR=True):
        CommentFactory(post=post)
        assert "https://www.gravatar.com/avatar/" in section(client.get(post.get_absolute_url()))


def test_identicons_are_svg_and_cached(client):
    response = client.get("/comments/avatar/0123456789abcdef0123.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "immutable" in response["Cache-Control"]
    assert client.get("/comments/avatar/not-a-key.svg").status_code == 404


def test_removed_comments_keep_their_place_and_their_replies(client, post):
    removed = CommentFactory(post=post, state=Comment.State.REMOVED, comment="Something regrettable")
    reply = CommentFactory(parent=removed, comment="A reply that still makes sense")
    html = section(client.get(post.get_absolute_url()))
    assert "This comment was removed." in html and "Something regrettable" not in html
    assert "A reply that still makes sense" in html and f'id="c{reply.pk}"' in html


def test_replies_are_offered_down_to_the_third_level_only(client, post):
    level0 = CommentFactory(post=post)
    level1 = CommentFactory(parent=level0)
    level2 = CommentFactory(parent=level1)
    html = section(client.get(post.get_absolute_url()))
    assert f'data-reply-to="{level1.pk}"' in html
    assert f'data-reply-to="{level2.pk}"' not in html


@override_settings(COMMENTS_PER_PAGE=2)
def test_top_level_threads_paginate_and_replies_stay_with_their_thread(client, post):
    threads = [CommentFactory(post=post, comment=f"Thread {n}") for n in range(5)]
    CommentFactory(parent=threads[2], comment="Reply in thread 2")
    first = section(client.get(post.get_absolute_url()))
    assert "Thread 0" in first and "Thread 1" in first and "Thread 2" not in first
    assert "Comment page 1 of 3" in first and 'href="?cpage=2#comments"' in first
    second = section(client.get(post.get_absolute_url() + "?cpage=2"))
    assert "Thread 2" in second and "Reply in thread 2" in second and "Thread 4" not in second
    assert "6 thoughts" in second
    for bad in ("0", "-3", "x", "999999999999999999999"):
        assert client.get(post.get_absolute_url() + f"?cpage={bad}").status_code == 200


@override_settings(COMMENTS_PER_PAGE=2, COMMENTS_ORDER="newest")
def test_the_operator_can_put_the_newest_threads_first(client, post):
    for n in range(3):
        CommentFactory(post=post, comment=f"Thread {n}")
    first = section(client.get(post.get_absolute_url()))
    assert first.index("Thread 2") < first.index("Thread 1") and "Thread 0" not in first


@override_settings(COMMENTS_PER_PAGE=1)
def test_after_posting_the_reader_lands_on_the_page_that_holds_their_comment(client_as, moderator, post, comment_form):
    CommentFactory(post=post)
    client = client_as(moderator)
    sent = client.post("/comments/post/", comment_form(post))
    landing = client.get(sent.url)
    new = Comment.objects.latest("pk")
    assert landing.url == f"{post.get_absolute_url()}?cpage=2#c{new.pk}"
    assert f'id="c{new.pk}"' in section(client.get(landing.url))


# --- Writing --------------------------------------------------------------------------------


def test_the_form_asks_anonymous_readers_for_name_email_and_optional_website(client, post):
    html = section(client.get(post.get_absolute_url()))
    for label in (
        'for="id_name">Name',
        'for="id_email">Email',
        'for="id_url">Website <span class="required">(optional)</span>',
    ):
        assert label in html
    assert 'for="id_comment">Your comment' in html and 'for="id_followup">Email me' in html
    assert "IP address (deleted after 30 days)" in html and "/comments/my-data/" in html
    assert 'name="preview"' in html


def test_the_form_knows_a_logged_in_reader(client_as, user, post):
    html = section(client_as(user).get(post.get_absolute_url()))
    assert f"You are commenting as <strong>{user.get_full_name()}</strong>" in html
    assert "/accounts/logout/" in html and 'id="id_email"' not in html and 'id="id_name"' not in html


def test_preview_shows_the_rendered_comment_and_the_filled_form(client, post, comment_form):
    response = client.post("/comments/post/", comment_form(post, comment="Line one\nwww.example.org", preview="1"))
    html = response.content.decode()
    assert response.status_code == 200 and "Preview your comment" in html
    assert 'Line one<br><a href="http://www.example.org"' in html
    assert 'value="Priya Natarajan"' in html
    assert Comment.objects.count() == 0


def test_a_reply_page_works_without_javascript(client, post, comment_form, mailoutbox):
    parent = CommentFactory(post=post, user_name="Priya", comment="Where is the lesser trochanter?")
    page = client.get(f"/comments/reply/{parent.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Reply to Priya" in html and "lesser trochanter" in html
    assert f'name="reply_to" value="{parent.pk}"' in html
    assert client.post("/comments/post/", comment_form(post, reply_to=str(parent.pk))).status_code == 302
    assert len(mailoutbox) == 1


def test_held_comments_have_no_reply_page(client, post):
    held = CommentFactory(post=post, state=Comment.State.PENDING)
    assert client.get(f"/comments/reply/{held.pk}/").status_code == 404
    deep = CommentFactory(parent=CommentFactory(parent=CommentFactory(post=post)))
    assert client.get(f"/comments/reply/{deep.pk}/").status_code == 403


# --- Readers' signals: likes, dislikes, removal suggestions --------------------------------


def test_logged_in_readers_like_and_dislike_with_counts(client_as, user, post):
    comment = CommentFactory(post=post)
    client = client_as(user)
    html = section(client.get(post.get_absolute_url()))
    assert f'action="/comments/like/{comment.pk}/"' in html
    response = client.post(f"/comments/like/{comment.pk}/", {"next": post.get_absolute_url()})
    assert response.status_code == 302
    html = section(client.get(post.get_absolute_url()))
    assert 'aria-pressed="true"' in html and '<span class="reaction__count">1</span>' in html
    client.post(f"/comments/dislike/{comment.pk}/", {"next": post.get_absolute_url()})
    flags = set(CommentFlag.objects.filter(comment_id=comment.pk).values_list("flag", flat=True))
    assert flags == {"I disliked it"}
    # Anonymous readers see the counts but no buttons.
    anonymous = section(Client().get(post.get_absolute_url()))
    assert '0<span class="visually-hidden"> liked</span>' in anonymous
    assert '1<span class="visually-hidden"> disliked</span>' in anonymous and "/comments/like/" not in anonymous


def test_anonymous_readers_are_sent_to_log_in_to_react(client, post):
    comment = CommentFactory(post=post)
    response = client.post(f"/comments/like/{comment.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_reader_suggests_removal_and_it_reaches_the_flagged_queue(client_as, user, post):
    comment = CommentFactory(post=post, comment="Dubious advice")
    client = client_as(user)
    assert "Suggest removal" in section(client.get(post.get_absolute_url()))
    assert "Dubious advice" in client.get(f"/comments/flag/{comment.pk}/").content.decode()
    client.post(f"/comments/flag/{comment.pk}/", {"next": post.get_absolute_url()})
    assert list(Comment.objects.flagged()) == [comment]
    assert "You suggested removing this" in section(client.get(post.get_absolute_url()))


def test_held_comments_cannot_be_liked_or_flagged(client_as, user, post):
    held = CommentFactory(post=post, state=Comment.State.PENDING)
    client = client_as(user)
    for action in ("like", "dislike", "flag"):
        assert client.post(f"/comments/{action}/{held.pk}/").status_code == 404


# --- Following a post --------------------------------------------------------------------


def test_followers_get_an_email_with_a_one_click_mute_link(client_as, post, comment_form, mailoutbox, moderator):
    CommentFactory(post=post, user_email="follower@example.org", user_name="Fola", followup=True)
    client_as(moderator).post("/comments/post/", comment_form(post, comment="A new answer"))
    notice = next(m for m in mailoutbox if m.to == ["follower@example.org"])
    assert "A new answer" in notice.body
    mute = re.search(r"http://testserver(/comments/mute/[^/\s]+/)", notice.body).group(1)
    reader = Client()
    page = reader.get(mute).content.decode()
    assert "Stop these emails" in page and 'method="post"' in page
    assert Comment.objects.filter(user_email="follower@example.org", followup=True).exists(), "GET mutes nothing"
    assert "no more emails" in reader.post(mute).content.decode()
    assert not Comment.objects.filter(user_email="follower@example.org", followup=True).exists()


# --- Readers' own comments ------------------------------------------------------------------


def test_a_reader_edits_within_the_window_and_deletes_keeping_replies(client_as, user, post):
    mine = CommentFactory(post=post, user=user, comment="Typo hree")
    reply = CommentFactory(parent=mine)
    client = client_as(user)
    assert "Typo hree" in client.get("/comments/mine/").content.decode()
    response = client.post(f"/comments/mine/{mine.pk}/edit/", {"comment": "Typo here"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.comment == "Typo here" and mine.edited_at is not None
    assert "(edited)" in section(client.get(post.get_absolute_url()))
    client.post(f"/comments/mine/{mine.pk}/delete/")
    mine.refresh_from_db()
    assert mine.state == "removed" and Comment.objects.get(pk=reply.pk).state == "approved"
    other = CommentFactory(post=post)
    assert client.post(f"/comments/mine/{other.pk}/delete/").status_code == 404


def test_editing_closes_after_the_window(client_as, user, post):
    import datetime

    from django.utils import timezone

    old = CommentFactory(post=post, user=user, submit_date=timezone.now() - datetime.timedelta(minutes=16))
    response = client_as(user).post(f"/comments/mine/{old.pk}/edit/", {"comment": "Changed"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.comment != "Changed"


# --- Hostile input: a clear 4xx or form error, nothing stored, never a 500 -------------------


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"url": "JaVaScRiPt:alert(document.cookie)//http://x"}, "Enter a valid URL."),
        ({"comment": "x" * 100_000}, "at most 3000 characters"),
        ({"comment": "   "}, "This field is required."),
        ({"name": "<script>alert(1)</script>"}, "not HTML"),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"email": "a" * 300 + "@example.org"}, "at most 254 characters"),
        ({"comment": "nul\x00byte"}, "Null characters are not allowed."),
    ],
)
def test_bad_fields_get_a_form_error_and_store_nothing(client, post, comment_form, mailoutbox, fields, error):
    response = client.post("/comments/post/", comment_form(post, **fields))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Comment.objects.count() == 0 and mailoutbox == []


def test_script_and_event_handlers_in_a_comment_are_shown_as_text(client_as, moderator, post, comment_form):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">link</a>'
    client_as(moderator).post("/comments/post/", comment_form(post, comment=hostile))
    html = section(client_as(moderator).get(post.get_absolute_url()))
    assert '<script>alert("x")' not in html and "<img src=x" not in html and '<a href="javascript:' not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    ("fields", "status", "text"),
    [
        ({"security_hash": "0" * 40}, 400, "changed on its way"),
        ({"timestamp": "1000000000"}, 400, "changed on its way"),
        ({"content_type": "auth.user"}, 400, "Nothing to comment on"),
        ({"content_type": "no.such"}, 400, "Nothing to comment on"),
        ({"object_pk": "999999"}, 400, "Nothing to comment on"),
        ({"object_pk": "1 OR 1=1"}, 400, "Nothing to comment on"),
        ({"object_pk": "99999999999999999999999"}, 400, "Nothing to comment on"),
        ({"content_type": None}, 400, "Nothing to comment on"),
    ],
)
def test_forged_or_unknown_targets_are_refused_clearly(client, post, comment_form, fields, status, text):
    response = client.post("/comments/post/", comment_form(post, **fields))
    assert response.status_code == status and text in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_form_older_than_two_hours_is_expired(client, post, comment_form):
    response = client.post("/comments/post/", comment_form(post, age=3 * 60 * 60))
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_missing_csrf_is_403(post, comment_form):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/comments/post/", comment_form(post)).status_code == 403
    assert Comment.objects.count() == 0


def test_comments_on_drafts_are_refused(client, comment_form):
    draft = PostFactory(status="draft", published_at=None)
    assert client.post("/comments/post/", comment_form(draft)).status_code == 400


def test_a_reply_to_another_posts_comment_is_refused(client_as, moderator, post, comment_form):
    elsewhere = CommentFactory(post=PostFactory())
    response = client_as(moderator).post("/comments/post/", comment_form(post, reply_to=str(elsewhere.pk)))
    assert response.status_code == 200 and "only reply to a comment on this post" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_reply_deeper_than_the_limit_is_refused(client_as, moderator, post, comment_form):
    deepest = CommentFactory(parent=CommentFactory(parent=CommentFactory(post=post)))
    response = client_as(moderator).post("/comments/post/", comment_form(post, reply_to=str(deepest.pk)))
    assert response.status_code == 200 and "as deep as it can go" in response.content.decode()
    assert Comment.objects.count() == 3


@pytest.mark.parametrize("reply_to", ["-1", "abc", "99999999", "1e3"])
def test_odd_reply_targets_are_form_errors(client_as, moderator, post, comment_form, reply_to):
    response = client_as(moderator).post("/comments/post/", comment_form(post, reply_to=reply_to))
    assert response.status_code == 200 and Comment.objects.count() == 0


def test_replies_to_held_comments_are_refused(client_as, moderator, post, comment_form):
    held = CommentFactory(post=post, state=Comment.State.PENDING)
    response = client_as(moderator).post("/comments/post/", comment_form(post, reply_to=str(held.pk)))
    assert response.status_code == 200 and "not available" in response.content.decode()


def test_a_doctored_confirmation_link_is_a_clear_400(client):
    response = client.get("/comments/confirm/not-a-real-key/")
    assert response.status_code == 400 and "This link does not work" in response.content.decode()


def test_after_posting_redirects_stay_on_this_site(client_as, moderator, post, comment_form):
    response = client_as(moderator).post("/comments/post/", comment_form(post, next="https://evil.example/"))
    assert response.status_code == 302 and response.url.startswith("/comments/")


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", None])
def test_a_returning_reader_with_a_tampered_next_lands_on_their_published_comment(
    client_as, user, post, comment_form, next_url
):
    CommentFactory(post=post, user=user, user_email=user.email)  # approved before: published at once
    reader = client_as(user)
    response = reader.post("/comments/post/", comment_form(post, next=next_url, comment="Thanks, it helped."))
    comment = Comment.objects.get(comment="Thanks, it helped.")
    assert comment.state == Comment.State.APPROVED
    assert response.status_code == 302 and response.url.startswith("/comments/sent/?c=")
    landing = reader.get(response.url)
    assert landing.status_code == 302 and landing.url == f"{post.get_absolute_url()}#c{comment.pk}"


def test_an_anonymous_reader_with_a_tampered_next_is_still_asked_to_check_their_email(client, post, comment_form):
    response = client.post("/comments/post/", comment_form(post, next="https://evil.example/"))
    assert response.status_code == 302 and response.url.startswith("/comments/sent/?c=")
    assert "check your email" in client.get(response.url).content.decode()


def test_the_posted_page_does_not_ask_for_an_email_about_a_stored_comment(client, post):
    published = CommentFactory(post=post)
    page = client.get(f"/comments/posted/?c={published.pk}").content.decode()
    assert "check your email" not in page and "your comment is published" in page
    assert f'href="{post.get_absolute_url()}#c{published.pk}"' in page
    held = CommentFactory(post=post, state=Comment.State.PENDING)
    page = client.get(f"/comments/posted/?c={held.pk}").content.decode()
    assert "check your email" not in page and "awaiting approval" in page


def test_get_on_the_posting_url_is_405(client):
    assert client.get("/comments/post/").status_code == 405


def test_another_users_name_cannot_be_borrowed_by_a_logged_in_reader(client_as, user, post, comment_form):
    client_as(user).post("/comments/post/", comment_form(post, name="Maya Lindqvist", email="clinician@example.org"))
    comment = Comment.objects.get()
    assert comment.user_name == user.get_full_name() and comment.user_email == user.email


def test_a_logged_in_reader_without_email_is_asked_for_one(client_as, post, comment_form):
    no_email = UserFactory(email="")
    html = section(client_as(no_email).get(post.get_absolute_url()))
    assert 'id="id_email"' in html


def test_xtds_rest_api_is_switched_off(client, post, comment_form):
    CommentFactory(post=post)
    assert client.get(f"/comments/api/posts-post/{post.pk}/").status_code == 404
    assert client.get(f"/comments/api/posts-post/{post.pk}/count/").status_code == 404
    assert client.post("/comments/api/comment/", comment_form(post)).status_code == 404
    assert Comment.objects.count() == 1


def test_the_object_redirect_only_reveals_published_posts(client, post, user):
    from django.contrib.contenttypes.models import ContentType

    post_type = ContentType.objects.get_for_model(post).pk
    assert client.get(f"/comments/cr/{post_type}/{post.pk}/").url == post.get_absolute_url()
    draft = PostFactory(status="draft", published_at=None, title="Secret draft")
    assert client.get(f"/comments/cr/{post_type}/{draft.pk}/").status_code == 404
    user_type = ContentType.objects.get_for_model(user).pk
    assert client.get(f"/comments/cr/{user_type}/{user.pk}/").status_code == 404
