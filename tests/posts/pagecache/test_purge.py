"""NginxRefresh: after a change commits, nginx is asked for fresh copies of the changed pages."""

import http.server
import threading

import pytest
from django.core.cache import caches
from django.test import override_settings

from posts.pagecache.purge import NginxRefresh
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
