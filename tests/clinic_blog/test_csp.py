"""The Content-Security-Policy header as sent: the public policy, the admin's, and what changes it."""

import pytest
from django.test import Client

from clinic_blog.csp import prose_editor_importmap_hash, social_sign_in_origins

pytestmark = pytest.mark.django_db


def directives(response):
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "media-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}


@pytest.mark.parametrize("path", ["/", "/search/?q=hip", "/accounts/login/", "/no-such-page/", "/healthz"])
def test_public_responses_carry_the_strict_policy(client, path):
    assert directives(client.get(path)) == PUBLIC


def test_no_public_directive_allows_inline_code_or_eval(client):
    header = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe" not in header
    assert "nonce-" not in header
    assert "sha256-" not in header


def test_the_admin_gets_its_own_policy_with_two_hashes_and_its_own_frames(admin_client):
    found = directives(admin_client.get("/admin/"))
    assert found["script-src"] == ["'self'", prose_editor_importmap_hash()]
    assert found["style-src"][0] == "'self'" and len(found["style-src"]) == 2
    assert found["style-src"][1].startswith("'sha256-")
    assert found["frame-src"] == ["'self'", *PUBLIC["frame-src"]]
    same = ("script-src", "style-src", "frame-src")
    assert {name: value for name, value in found.items() if name not in same} == {
        name: value for name, value in PUBLIC.items() if name not in same
    }
    assert "unsafe" not in admin_client.get("/admin/").headers["Content-Security-Policy"]


def test_the_admin_sign_in_page_gets_the_admin_policy_too():
    response = Client().get("/admin/login/")
    assert prose_editor_importmap_hash() in response.headers["Content-Security-Policy"]


def test_the_import_map_hash_matches_what_the_add_post_page_carries(admin_client):
    import base64
    import hashlib
    import re

    html = admin_client.get("/admin/posts/post/add/").content.decode()
    maps = re.findall(r'<script type="importmap"[^>]*>(.*?)</script>', html, re.S)
    assert len(maps) == 1
    digest = base64.b64encode(hashlib.sha256(maps[0].encode()).digest()).decode()
    assert prose_editor_importmap_hash() == f"'sha256-{digest}'"


def test_forms_may_post_to_the_configured_sign_in_providers(client, settings):
    """The provider buttons beside the comment form post here and are redirected to the provider."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "a", "secret": "b", "key": ""}]},
        "facebook": {},
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "idp",
                    "client_id": "a",
                    "secret": "b",
                    "settings": {"server_url": "https://id.example.org/realm"},
                }
            ]
        },
    }
    assert social_sign_in_origins() == ["https://accounts.google.com", "https://id.example.org"]
    for path in ("/accounts/login/", "/"):
        assert directives(client.get(path))["form-action"] == [
            "'self'",
            "https://accounts.google.com",
            "https://id.example.org",
        ]


def test_only_the_media_picker_may_be_framed_and_only_by_the_admin(admin_client):
    picker = admin_client.get("/admin/posts/image/picker/")
    assert directives(picker)["frame-ancestors"] == ["'self'"]
    assert picker.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(admin_client.get("/admin/posts/post/add/"))["frame-ancestors"] == ["'none'"]
    assert directives(admin_client.get("/admin/"))["frame-src"][0] == "'self'"


def test_the_clickjacking_header_agrees_with_frame_ancestors(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MEDIA_URL": "https://media.example.org/uploads/"}, "https://media.example.org"),
        ({"MEDIA_S3_BUCKET": "clinic", "MEDIA_S3_CUSTOM_DOMAIN": "cdn.example.org"}, "https://cdn.example.org"),
        ({"MEDIA_S3_BUCKET": "clinic", "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000"),
        ({"MEDIA_S3_BUCKET": "clinic"}, "https://clinic.s3.amazonaws.com"),
    ],
)
def test_images_may_come_from_the_media_host_when_it_is_elsewhere(env, expected):
    from tests.clinic_blog.test_settings import GOOD_KEY, run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(d['img-src']); print(d['media-src'])",
        DEBUG="False",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="blog.example.org",
        SITE_URL="https://blog.example.org",
        **env,
    )
    assert result.returncode == 0, result.stderr
    img, media = result.stdout.splitlines()[-2:]
    assert expected in img and expected in media
    assert img.count("http") == 1
