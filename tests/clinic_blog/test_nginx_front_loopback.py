"""The recommended front (deploy/nginx/clinic-blog.conf) run by Debian's nginx on loopback: uploads
in MEDIA_ROOT are served by nginx itself, with cache lifetimes that suit their names, and the
refresh header reaches the app only from loopback."""

import http.server
import os
import threading
import urllib.error
import urllib.request

import pytest

from tests.loopback.services import LoopbackNginx

pytestmark = pytest.mark.skipif(
    not LoopbackNginx.available() and os.environ.get("CI") != "true", reason="needs nginx (Debian package)"
)


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    """nginx with the front's configuration, in front of a stand-in app that echoes what it was sent."""
    media = tmp_path_factory.mktemp("media")
    (media / "images" / "ab").mkdir(parents=True)
    (media / "images" / "ab" / "0123abcd.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a picture")
    (media / "avatars").mkdir()
    (media / "avatars" / "riley.png").write_bytes(b"\x89PNG not really a picture")
    media.chmod(0o755)
    (media.parent / "secret.txt").write_text("a file beside MEDIA_ROOT")
    seen = []

    class App(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(dict(self.headers))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.send_header("Cache-Control", "private, no-store")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    nginx = LoopbackNginx([f"127.0.0.1:{app.server_port}"], media_root=media).start()
    yield nginx, seen
    nginx.stop()
    app.shutdown()


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as response:
        return response.status, response.headers, response.read()


def test_nginx_serves_the_media_librarys_hashed_files_for_a_year(front):
    nginx, _ = front
    status, headers, body = fetch(nginx.url + "/media/images/ab/0123abcd.jpg")
    assert status == 200 and body.startswith(b"\xff\xd8")
    assert headers["Content-Type"] == "image/jpeg"
    assert "max-age=31536000" in headers.get_all("Cache-Control")
    assert "public, immutable" in headers.get_all("Cache-Control")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]


def test_other_uploads_are_kept_an_hour(front):
    nginx, _ = front
    status, headers, _ = fetch(nginx.url + "/media/avatars/riley.png")
    assert status == 200 and headers.get_all("Cache-Control") == ["max-age=3600", "public"]


def test_a_missing_upload_is_a_404_and_nothing_outside_media_root_is_served(front):
    nginx, _ = front
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch(nginx.url + "/media/images/missing.jpg")
    assert error.value.code == 404
    for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/..%2fsecret.txt", "/media../secret.txt"):
        try:
            body = fetch(nginx.url + path)[2]
        except urllib.error.HTTPError as refused:
            assert refused.code in (400, 404), path
        else:
            assert b"beside MEDIA_ROOT" not in body, path


def test_the_refresh_header_reaches_the_app_only_from_loopback(front):
    nginx, seen = front
    fetch(nginx.url + "/posts/", **{"X-Clinic-Refresh": "1"})
    assert seen[-1].get("X-Clinic-Refresh") == "1"
    fetch(nginx.url + "/posts/", **{"X-Clinic-Refresh": "yes please"})
    assert "X-Clinic-Refresh" not in seen[-1]


def test_the_readme_shows_the_media_block_of_the_file_itself():
    from tests.loopback.services import FRONT_CONF

    readme = (FRONT_CONF.parents[2] / "README.md").read_text()
    shown = readme.split("location /media/ {", 1)[1].split("}", 1)[0]
    conf = FRONT_CONF.read_text()
    assert shown in conf.split("location /media/ {", 1)[1]
    for line in shown.strip().splitlines() + ['"~^/media/(images|videos)/" 1y;', '"public, immutable";']:
        assert line.strip() in conf, line
