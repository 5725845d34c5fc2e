"""The page cache for anonymous readers: what is kept, what never is, and what refreshes it."""

import datetime
import gzip
import re
import time

import brotli
import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from comments.likes.services import post_like
from comments.models import Comment
from comments.services import comment_approve
from posts.pagecache.middleware import PageCacheMiddleware
from tests.comments.conftest import form_data
from tests.comments.factories import CommentFactory
from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on():
    caches["pages"].clear()
    with override_settings(PAGE_CACHE=True):
        yield
    caches["pages"].clear()


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 304), response.status_code
    return response


def body(response):
    encoding = response.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(response.content).decode()
    if encoding == "br":
        return brotli.decompress(response.content).decode()
    return response.content.decode()


def test_second_anonymous_request_is_a_hit_with_no_queries(post, django_assert_num_queries):
    client = Client()
    assert fetch(client, post.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = fetch(Client(), post.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert post.title.replace("’", "&#x27;") in body(hit) or "iliopsoas" in body(hit)


def test_cached_pages_carry_no_cookie_no_csrf_token_and_no_reader_name(post):
    reader = UserFactory(first_name="Zebedee", last_name="Quorn")
    CommentFactory(post=post, user=reader, user_name="Zebedee Quorn", comment="Thanks")
    for _ in range(2):
        response = fetch(Client(), post.get_absolute_url())
        html = body(response)
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
        assert not re.search(r'name="timestamp" value="[^"]+"', html)
    # The commenter's public name is on the page (it is a comment), but no signed-in reader's is.
    assert "You are commenting as" not in html
    assert 'data-form-token="csrf"' in html
    assert "form=1" in html  # the no-JavaScript way to a form with its tokens


def test_logged_in_reader_never_gets_a_cached_page(post, client_as):
    fetch(Client(), post.get_absolute_url())
    reader = UserFactory(first_name="Zebedee", last_name="Quorn")
    response = fetch(client_as(reader), post.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', response.content.decode())


def test_a_session_cookie_alone_bypasses_the_cache(post):
    fetch(Client(), post.get_absolute_url())
    client = Client()
    client.cookies["sessionid"] = "someone-elses-or-stale"
    response = fetch(client, post.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_the_no_javascript_form_page_is_uncached_and_carries_tokens(post):
    response = fetch(Client(), post.get_absolute_url() + "?form=1")
    assert "X-Page-Cache" not in response
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', response.content.decode())
    assert re.search(r'name="timestamp" value="\d+"', response.content.decode())


def test_form_stamp_endpoint_gives_a_comment_form_what_a_cached_page_lacks(post, monkeypatch, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    fetch(client, post.get_absolute_url())
    stamp = client.get(f"/comments/form-stamp/{post.pk}/")
    assert stamp.status_code == 200
    assert "no-store" in stamp["Cache-Control"] or "no-cache" in stamp["Cache-Control"]
    tokens = stamp.json()
    assert set(tokens) == {"csrf", "timestamp", "security_hash"}
    data = form_data(post)
    data.update(
        csrfmiddlewaretoken=tokens["csrf"], timestamp=tokens["timestamp"], security_hash=tokens["security_hash"]
    )
    # The reader takes a minute to write (the form refuses answers sent faster than people type).
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 60)
    response = client.post("/comments/post/", data)
    assert response.status_code == 302, response.status_code
    assert len(mailoutbox) == 1  # accepted: the anonymous reader confirms by email


def test_form_stamp_refuses_drafts_and_unknown_posts(db):
    draft = PostFactory(status="draft")
    assert Client().get(f"/comments/form-stamp/{draft.pk}/").status_code == 404
    assert Client().get("/comments/form-stamp/999999/").status_code == 404
    assert Client().post("/page-cache/tokens/").status_code in (403, 405)


def test_etag_and_conditional_get(post):
    first = fetch(Client(), post.get_absolute_url())
    assert first["ETag"]
    assert "public" in first["Cache-Control"] and "s-maxage=" in first["Cache-Control"]
    again = Client().get(post.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    changed = Client().get(post.get_absolute_url(), HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_cached_html_is_compressed_once_for_each_encoding(post, encoding):
    plain = body(fetch(Client(), post.get_absolute_url()))
    packed = fetch(Client(), post.get_absolute_url(), HTTP_ACCEPT_ENCODING=f"{encoding}, deflate")
    assert packed["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed["Vary"]
    assert body(packed) == plain
    assert len(packed.content) < len(plain.encode()) / 2


def test_responses_with_a_csrf_token_are_never_compressed(post, client_as):
    response = client_as(UserFactory()).get(post.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in response


def refreshed(url):
    return fetch(Client(), url)["X-Page-Cache"] == "miss"


def warm(*urls):
    for url in urls:
        fetch(Client(), url)
        assert fetch(Client(), url)["X-Page-Cache"] == "hit"


def test_edit_refreshes_the_post_its_lists_and_feeds(post, django_capture_on_commit_callbacks):
    category = CategoryFactory()
    post.categories.add(category)
    urls = [post.get_absolute_url(), "/", category.get_absolute_url(), "/feed/", "/sitemap.xml"]
    warm(*urls)
    post.title = "A new title for the hip"
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
    for url in urls:
        assert refreshed(url), url
    assert "A new title for the hip" in body(fetch(Client(), post.get_absolute_url()))


def test_unpublish_takes_the_post_off_the_home_page(post):
    warm("/")
    post.status = "draft"
    post.save()
    response = fetch(Client(), "/")
    assert response["X-Page-Cache"] == "miss"
    assert post.get_absolute_url() not in body(response)
    assert Client().get(post.get_absolute_url()).status_code == 404


def test_publishing_a_post_puts_it_on_the_home_page(post):
    warm("/")
    fresh = PostFactory(title="Brand new on the psoas")
    assert "Brand new on the psoas" in body(fetch(Client(), "/"))
    assert fresh.get_absolute_url() in body(fetch(Client(), "/"))


def test_a_stale_page_is_never_served_after_a_comment_is_approved(post):
    held = CommentFactory(post=post, state=Comment.State.PENDING, comment="Held for now, about the psoas")
    warm(post.get_absolute_url())
    assert "Held for now" not in body(fetch(Client(), post.get_absolute_url()))
    comment_approve(comment=held)
    response = fetch(Client(), post.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Held for now" in body(response)


def test_a_comment_held_for_moderation_keeps_the_cached_page(post):
    warm(post.get_absolute_url())
    CommentFactory(post=post, state=Comment.State.PENDING)
    assert fetch(Client(), post.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_like_refreshes_the_post_page(post):
    warm(post.get_absolute_url())
    post_like(user=UserFactory(), post=post)
    assert refreshed(post.get_absolute_url())


def test_cached_pages_never_outlive_the_next_scheduled_publication(post):
    PostFactory(title="Goes live soon", published_at=timezone.now() + datetime.timedelta(seconds=30))
    response = fetch(Client(), "/")
    seconds = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))
    assert seconds <= 30
    assert PageCacheMiddleware.lifetime() <= 30


def test_a_scheduled_post_appears_once_its_time_comes(post, monkeypatch):
    soon = PostFactory(title="Goes live soon", published_at=timezone.now() + datetime.timedelta(seconds=30))
    assert "Goes live soon" not in body(fetch(Client(), "/"))
    later = timezone.now() + datetime.timedelta(seconds=31)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = fetch(Client(), "/")
    assert response["X-Page-Cache"] == "miss"
    assert soon.title in body(response)


def test_pages_with_other_query_strings_are_not_cached(post):
    for _ in range(2):
        response = fetch(Client(), "/?utm_source=newsletter")
        assert "X-Page-Cache" not in response


def test_private_pages_say_so(client_as):
    response = client_as(UserFactory()).get("/comments/mine/")
    assert "private" in response["Cache-Control"]


@override_settings(PAGE_CACHE=False)
def test_switched_off_nothing_is_cached(post):
    for _ in range(2):
        assert "X-Page-Cache" not in fetch(Client(), post.get_absolute_url())


def test_editing_a_template_under_the_development_server_forgets_pages(post, settings):
    from pathlib import Path

    from django.utils.autoreload import file_changed

    settings.DEBUG = True
    warm(post.get_absolute_url())
    file_changed.send(sender=None, file_path=Path("templates/posts/post_detail.html"))
    assert refreshed(post.get_absolute_url())


def test_a_worker_starting_does_not_empty_the_page_cache(post):
    """Every app worker keeps the Sites row in step with SITE_URL on its first request; when it is
    already right nothing is saved, so starting or recycling a worker keeps every cached page."""
    from posts.signals import sync_site

    warm(post.get_absolute_url())
    sync_site()
    assert fetch(Client(), post.get_absolute_url())["X-Page-Cache"] == "hit"
