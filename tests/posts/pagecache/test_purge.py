"""NginxRefresh: after a change commits, nginx is asked for fresh copies of the changed pages."""

import http.server
import json
import threading

import pytest
from django.core.cache import caches
from django.test import override_settings

from posts.pagecache.purge import HttpPurge, NginxRefresh
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def front():
    """A stand-in for nginx on loopback, recording what the app asks it."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers["X-Clinic-Refresh"], self.headers["Accept-Encoding"]))
            self.send_response(404 if self.path.startswith("/gone/") else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()


def test_each_changed_page_is_fetched_past_the_cache_in_every_encoding(front):
    url, seen = front
    with override_settings(PAGE_CACHE_PURGE_URL=url):
        NginxRefresh().purge(["/posts/a/", "/", "/posts/a/", "/gone/"]).join(10)
    assert sorted(seen) == sorted(
        (path, "1", encoding) for path in ("/posts/a/", "/", "/gone/") for encoding in ("identity", "gzip", "br")
    )


def test_an_unreachable_front_is_logged_not_raised(caplog):
    with override_settings(PAGE_CACHE_PURGE_URL="http://127.0.0.1:9"):
        NginxRefresh().purge(["/"]).join(10)
    assert "nginx refresh of / failed" in caplog.text


def test_a_post_edit_refreshes_its_pages_after_commit(front, post, django_capture_on_commit_callbacks, monkeypatch):
    url, seen = front
    monkeypatch.setattr(NginxRefresh, "purge", lambda self, urls: self.refresh(list(dict.fromkeys(urls))))
    category = CategoryFactory()
    post.categories.add(category)
    caches["pages"].clear()
    with (
        override_settings(
            PAGE_CACHE=True, PAGE_CACHE_PURGE="posts.pagecache.purge.NginxRefresh", PAGE_CACHE_PURGE_URL=url
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post.title = "Edited"
        post.save()
    paths = {path for path, _, _ in seen}
    assert {post.get_absolute_url(), "/", "/feed/", "/sitemap.xml", category.get_absolute_url()} <= paths


# --- HttpPurge: a CDN's purge API, set by settings alone -----------------------------------------


@pytest.fixture
def purge_api():
    """A stand-in for a CDN's purge API on loopback: records each call; a body naming /broken/ gets a 500."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append(
                (self.command, self.path, self.headers.get("Authorization"), self.headers["Content-Type"], body)
            )
            self.send_response(500 if "broken" in json.dumps(body) else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PURGE = answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/zones/blog/purge_cache", seen
    server.shutdown()


def test_http_purge_posts_absolute_urls_as_json(purge_api, settings):
    endpoint, seen = purge_api
    settings.PAGE_CACHE_PURGE_ENDPOINT, settings.SITE_URL = endpoint, "https://blog.example.org"
    HttpPurge().purge(["/posts/a/", "/", "/posts/a/", "/tag/*"]).join(10)
    assert seen == [
        (
            "POST",
            "/zones/blog/purge_cache",
            None,
            "application/json",
            {"files": ["https://blog.example.org/posts/a/", "https://blog.example.org/"]},
        )
    ]


def test_http_purge_method_body_key_batches_and_secret_come_from_settings(purge_api, settings):
    endpoint, seen = purge_api
    settings.PAGE_CACHE_PURGE_ENDPOINT, settings.SITE_URL = endpoint, "https://blog.example.org"
    settings.PAGE_CACHE_PURGE_METHOD, settings.PAGE_CACHE_PURGE_BODY_KEY = "PURGE", "urls"
    settings.PAGE_CACHE_PURGE_BATCH, settings.PAGE_CACHE_PURGE_AUTH = 2, "Bearer a-secret-token"
    HttpPurge().purge(["/a/", "/b/", "/c/"]).join(10)
    assert [(method, auth, body) for method, _, auth, _, body in seen] == [
        ("PURGE", "Bearer a-secret-token", {"urls": ["https://blog.example.org/a/", "https://blog.example.org/b/"]}),
        ("PURGE", "Bearer a-secret-token", {"urls": ["https://blog.example.org/c/"]}),
    ]


def test_http_purge_failures_are_logged_not_raised(purge_api, settings, caplog):
    endpoint, seen = purge_api
    settings.PAGE_CACHE_PURGE_ENDPOINT, settings.PAGE_CACHE_PURGE_BATCH = endpoint, 1
    HttpPurge().purge(["/broken/", "/fine/"]).join(10)
    assert "purge API answered 500" in caplog.text
    assert len(seen) == 2, "a failed batch does not stop the next one"
    settings.PAGE_CACHE_PURGE_ENDPOINT = "http://127.0.0.1:9/purge"
    HttpPurge().purge(["/"]).join(10)
    assert "purge API unreachable" in caplog.text
    assert "a-secret" not in caplog.text


def test_a_post_edit_calls_the_purge_api_after_commit(
    purge_api, post, settings, monkeypatch, django_capture_on_commit_callbacks
):
    endpoint, seen = purge_api
    settings.PAGE_CACHE, settings.PAGE_CACHE_PURGE = True, "posts.pagecache.purge.HttpPurge"
    settings.PAGE_CACHE_PURGE_ENDPOINT, settings.SITE_URL = endpoint, "https://blog.example.org"
    purge = HttpPurge.purge
    monkeypatch.setattr(HttpPurge, "purge", lambda self, urls: purge(self, urls).join(10))  # wait for the thread
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Edited"
        post.save()
    assert seen, "the purge API was not called"
    assert all(url.startswith("https://blog.example.org/") for call in seen for url in call[4]["files"])
    purged = {url.removeprefix("https://blog.example.org") for call in seen for url in call[4]["files"]}
    assert {post.get_absolute_url(), "/", "/feed/", "/sitemap.xml"} <= purged
