"""What we keep about commenters, for how long, and how they see or erase it."""

import datetime
import hashlib
import http.server
import io
import json
import re
import threading
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.utils import timezone
from PIL import Image

from comments.avatars import avatar_tone, store_social_avatar
from comments.models import Comment, DataLink, ReaderAvatar
from comments.ratelimit import client_ip
from comments.signals import avatar_at_login
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# --- IP addresses ---------------------------------------------------------------------------


def test_the_purge_command_forgets_ip_addresses_after_thirty_days(post):
    old = CommentFactory(post=post, submit_date=timezone.now() - 31 * DAY, ip_address="198.51.100.7")
    recent = CommentFactory(post=post, submit_date=timezone.now() - 29 * DAY, ip_address="198.51.100.8")
    out = io.StringIO()
    call_command("purge_comment_ips", stdout=out)
    assert "1 comment older than 30 days" in out.getvalue()
    assert Comment.objects.get(pk=old.pk).ip_address is None
    assert Comment.objects.get(pk=recent.pk).ip_address == "198.51.100.8"


@override_settings(COMMENTS_IP_RETENTION_DAYS=7)
def test_the_retention_is_a_setting_and_an_option(post):
    week_old = CommentFactory(post=post, submit_date=timezone.now() - 8 * DAY)
    call_command("purge_comment_ips", stdout=io.StringIO())
    assert Comment.objects.get(pk=week_old.pk).ip_address is None
    day_old = CommentFactory(post=post, submit_date=timezone.now() - 2 * DAY)
    call_command("purge_comment_ips", "--days", "1", stdout=io.StringIO())
    assert Comment.objects.get(pk=day_old.pk).ip_address is None


def test_ip_addresses_are_never_shown_even_to_moderators(client, client_as, queue_moderator, post):
    comment = CommentFactory(post=post, ip_address="198.51.100.99", state="pending")
    assert "198.51.100.99" not in client.get(post.get_absolute_url()).content.decode()
    staff = client_as(queue_moderator)
    assert "198.51.100.99" not in staff.get("/admin/comments/pendingcomment/").content.decode()
    assert "198.51.100.99" not in staff.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()


def test_the_stored_address_is_the_client_behind_a_trusted_proxy(client, post, comment_form, mailoutbox):
    from django_comments_xtd import signed
    from django_comments_xtd.conf import settings as xtd_settings

    with override_settings(TRUSTED_PROXIES=["10.0.0.1"]):
        client.post("/comments/post/", comment_form(post), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.50")
    key = re.search(r"/comments/confirm/([^/\s]+)/", mailoutbox[0].body).group(1)
    assert signed.loads(key, extra_key=xtd_settings.COMMENTS_XTD_SALT)["ip_address"] == "203.0.113.50"


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "", [], "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", [], "203.0.113.9"),
        ("10.0.0.2", "198.51.100.1", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.3", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "garbage, 198.51.100.1", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "198.51.100.1:5555", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "[2001:db8::1]:443", ["10.0.0.0/8"], "2001:db8::1"),
        ("10.0.0.2", "", ["10.0.0.0/8"], "10.0.0.2"),
        ("::1", "2001:db8::7", ["::1"], "2001:db8::7"),
    ],
)
def test_client_ip(remote, forwarded, trusted, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=trusted):
        assert client_ip(request) == expected


# --- Data requests: see, download and erase by an emailed link -------------------------------


def link_from(message):
    return re.search(r"http://testserver(/comments/my-data/[^/\s]+/)", message.body).group(1)


def test_a_reader_without_an_account_sees_downloads_and_erases_their_comments(client, post, mailoutbox):
    mine = CommentFactory(post=post, user_email="Priya@Example.org", comment="My knee clicks", user_name="Priya")
    reply = CommentFactory(parent=mine, comment="Mine too")
    other = CommentFactory(post=post, user_email="priya@example.org", comment="Second one")
    response = client.post("/comments/my-data/", {"email": "priya@example.org"})
    assert "Check your email" in response.content.decode()
    link = link_from(mailoutbox[0])
    page = client.get(link).content.decode()
    assert "My knee clicks" in page and "Second one" in page and "Mine too" not in page

    export = json.loads(client.get(link + "?format=json").content)
    assert {c["text"] for c in export["comments"]} == {"My knee clicks", "Second one"}

    done = client.post(link, {"comment": [str(other.pk)]})
    assert done.status_code == 200 and "Erased 1 comment" in done.content.decode()
    assert Comment.objects.get(pk=other.pk).comment == ""
    assert Comment.objects.get(pk=mine.pk).comment == "My knee clicks"

    # The link erased once; a new one erases the rest.
    assert client.post(link, {"action": "erase-all"}).status_code == 410
    assert Comment.objects.get(pk=mine.pk).comment == "My knee clicks"
    client.post("/comments/my-data/", {"email": "priya@example.org"})
    client.post(link_from(mailoutbox[-1]), {"action": "erase-all"})
    erased = Comment.objects.get(pk=mine.pk)
    assert (erased.comment, erased.user_name, erased.user_email, erased.ip_address, erased.state) == (
        "",
        "",
        "",
        None,
        "removed",
    )
    thread = client.get(post.get_absolute_url()).content.decode()
    assert "This comment was removed." in thread and "Mine too" in thread and "My knee clicks" not in thread
    assert Comment.objects.get(pk=reply.pk).state == "approved"


def test_the_answer_is_the_same_whether_or_not_we_hold_comments(client, post, mailoutbox):
    CommentFactory(post=post, user_email="known@example.org")
    known = client.post("/comments/my-data/", {"email": "known@example.org"}).content.decode()
    unknown = client.post("/comments/my-data/", {"email": "stranger@example.org"}).content.decode()
    assert known.replace("known@", "X@") == unknown.replace("stranger@", "X@")
    assert [m.to for m in mailoutbox] == [["known@example.org"]]


def test_data_links_carry_no_address_and_are_stored_only_hashed(client, post, mailoutbox):
    CommentFactory(post=post, user_email="priya@example.org")
    client.post("/comments/my-data/", {"email": "priya@example.org"})
    link = link_from(mailoutbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert "priya" not in link.lower() and "example" not in link.lower()
    assert len(token) >= 40
    stored = DataLink.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(DataLink.objects.values_list())
    assert stored.expires_at - stored.created_at == datetime.timedelta(hours=1)


def test_a_changed_token_gets_a_clear_page(client, post, mailoutbox):
    CommentFactory(post=post, user_email="priya@example.org")
    client.post("/comments/my-data/", {"email": "priya@example.org"})
    link = link_from(mailoutbox[0])
    for wrong in [link[:-3] + "xx/", "/comments/my-data/x/", "/comments/my-data/" + "a" * 300 + "/"]:
        response = client.get(wrong)
        assert response.status_code == 400 and "This link does not work" in response.content.decode()


def test_an_expired_link_shows_a_clear_page_and_erases_nothing(client, post, mailoutbox):
    mine = CommentFactory(post=post, user_email="priya@example.org", comment="Keep me")
    client.post("/comments/my-data/", {"email": "priya@example.org"})
    link = link_from(mailoutbox[0])
    DataLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    for response in (client.get(link), client.post(link, {"action": "erase-all"})):
        assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert Comment.objects.get(pk=mine.pk).comment == "Keep me"


def test_the_link_lifetime_is_a_setting(client, post, mailoutbox):
    CommentFactory(post=post, user_email="priya@example.org")
    with override_settings(COMMENTS_DATA_LINK_HOURS=3):
        client.post("/comments/my-data/", {"email": "priya@example.org"})
    stored = DataLink.objects.get()
    assert stored.expires_at - stored.created_at == datetime.timedelta(hours=3)
    assert "3 hours" in mailoutbox[0].body


def test_opening_a_data_link_never_erases_and_a_used_link_says_so(client, post, mailoutbox):
    mine = CommentFactory(post=post, user_email="priya@example.org", comment="Keep me")
    client.post("/comments/my-data/", {"email": "priya@example.org"})
    link = link_from(mailoutbox[0])
    for _ in range(3):  # a mail scanner fetching the link, with or without the form's fields
        client.get(link)
        client.get(link + "?action=erase-all")
        client.head(link)
    assert Comment.objects.get(pk=mine.pk).comment == "Keep me"
    client.post(link, {"action": "erase-all"})
    assert Comment.objects.get(pk=mine.pk).comment == ""
    again = client.get(link)
    assert again.status_code == 410 and "This link has been used" in again.content.decode()


def test_data_requests_are_rate_limited(client):
    statuses = [client.post("/comments/my-data/", {"email": f"r{i}@example.org"}).status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]


def test_emails_never_appear_on_the_site(client, post):
    CommentFactory(post=post, user_email="hidden@example.org", user_name="Visible Name")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Visible Name" in page and "hidden@example.org" not in page
    assert f"avatar--tone-{avatar_tone('hidden@example.org')}" in page  # a colour from a keyed hash
    assert hashlib.md5(b"hidden@example.org").hexdigest() not in page


# --- Avatars from social accounts, copied to our storage --------------------------------------


@pytest.fixture
def picture_server():
    """A provider's picture served on loopback, so the test needs no internet."""
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#c26a4a").save(buffer, format="JPEG")
    payloads = {"/me.jpg": (buffer.getvalue(), "image/jpeg"), "/not-an-image": (b"<html>nope</html>", "text/html")}
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body, kind = payloads.get(self.path, (b"", "text/plain"))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", hits=hits)
    server.shutdown()


def test_a_social_avatar_is_copied_at_login_and_shown_from_our_storage(client, user, post, picture_server):
    account = SimpleNamespace(provider="google", get_avatar_url=lambda: picture_server.url + "/me.jpg")
    avatar_at_login(sender=None, request=None, user=user, sociallogin=SimpleNamespace(account=account, user=user))
    avatar = ReaderAvatar.objects.get(user=user)
    assert avatar.provider == "google" and avatar.image.name.startswith("avatars/")
    with Image.open(avatar.image) as stored:
        assert stored.size == (96, 96) and stored.format == "PNG"
    # A second login with the same picture downloads nothing.
    avatar_at_login(sender=None, request=None, user=user, sociallogin=SimpleNamespace(account=account, user=user))
    assert picture_server.hits == ["/me.jpg"]
    CommentFactory(post=post, user=user)
    page = client.get(post.get_absolute_url()).content.decode()
    assert avatar.image.url in page and picture_server.url not in page


def test_a_broken_or_unreachable_picture_keeps_the_generated_avatar(user, picture_server):
    assert store_social_avatar(user=user, url=picture_server.url + "/not-an-image", provider="x") is None
    assert store_social_avatar(user=user, url="http://127.0.0.1:9/unreachable.png", provider="x") is None
    assert store_social_avatar(user=user, url="file:///etc/passwd", provider="x") is None
    assert not ReaderAvatar.objects.filter(user=user).exclude(image="").exists()


def test_the_form_shows_the_social_account_a_reader_comments_with(client_as, user, post):
    """The provider of this session's login (noted by comments.signals at login; see tests/comments/accounts)."""
    client = client_as(user)
    session = client.session
    session["comments_login_provider"] = "X"
    session.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert f"<strong>{user.get_full_name()}</strong><br>You are commenting using your X account" in html
    assert 'form="respond-change"' in html


def test_the_adapter_fills_a_name_from_a_handle_only_provider(rf, user):
    from allauth.socialaccount.models import SocialAccount, SocialLogin

    from comments.adapters import SocialAccountAdapter

    blank = type(user)(username="")
    login = SocialLogin(user=blank, account=SocialAccount(provider="twitter_oauth2", uid="1"))
    filled = SocialAccountAdapter().populate_user(rf.get("/"), login, {"username": "hipreader"})
    assert filled.first_name == "hipreader"


def test_a_new_avatar_shows_on_earlier_comments_too(
    client, user, post, picture_server, django_capture_on_commit_callbacks
):
    earlier = CommentFactory(post=post, user=user)
    assert "avatar--initials" in earlier.byline_html
    with django_capture_on_commit_callbacks(execute=True):
        avatar = store_social_avatar(user=user, url=picture_server.url + "/me.jpg", provider="google")
    assert avatar.image.url in Comment.objects.get(pk=earlier.pk).byline_html
    assert avatar.image.url in client.get(post.get_absolute_url()).content.decode()


def test_turning_gravatar_on_takes_effect_after_rerender_comments(client, post):
    CommentFactory(post=post, user_email="g@example.org")
    with override_settings(COMMENTS_GRAVATAR=True):
        out = io.StringIO()
        call_command("rerender_comments", stdout=out)
        assert "Rendered 1 comment again." in out.getvalue()
        assert "https://www.gravatar.com/avatar/" in client.get(post.get_absolute_url()).content.decode()
