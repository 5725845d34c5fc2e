"""Journey: a reader signs in through a real OpenID Connect provider that the test starts on
loopback (allauth.idp.oidc in a second Django project, tests/browser/oidc_provider), comes
back to the post, comments with no email step (held: a first comment), and once a moderator
approves it, their next comment appears at once.

Nothing here is mocked: the browser talks to both servers, and the blog talks to the provider
(discovery, token, userinfo) over HTTP on 127.0.0.1.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from comments.services import comment_approve
from posts.demo import load_content
from tests.browser.conftest import SCREENSHOTS
from tests.comments.conftest import moderators_group  # noqa: F401 (a fixture)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
POST_URL = "/posts/its-the-iliopsoas-stupid/"
PROVIDER_ID = "loopback"
PROVIDER_NAME = "Loopback ID"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oidc_provider(live_server, tmp_path):
    """The second project, run as a subprocess on a free port; stopped (by its pid) afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OIDC_PROVIDER_DB": str(tmp_path / "idp.sqlite3"),
        "OIDC_CLIENT_ID": "clinic-blog",
        "OIDC_CLIENT_SECRET": "loopback-secret-for-the-test",
        "OIDC_REDIRECT_URI": f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/",
        "OIDC_USER": "kim",
        "OIDC_PASSWORD": "kim-at-the-idp-2026",
        "OIDC_EMAIL": "kim.osei@example.org",
        "OIDC_NAME": "Kim Osei",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.oidc_provider.serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_it_answers(f"{base}/.well-known/openid-configuration", process, log)
            yield {"url": base, **env}
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_it_answers(url, process, log, seconds=90):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            pytest.fail(f"the loopback OIDC provider did not start:\n{log.read().decode()[-3000:]}")
        time.sleep(0.3)


@pytest.fixture
def blog(transactional_db, settings, oidc_provider, moderators_group):  # noqa: F811
    settings.COMMENTS_MIN_SECONDS = 1  # the test types faster than a person; the rule is tested elsewhere
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": PROVIDER_NAME,
                    "client_id": oidc_provider["OIDC_CLIENT_ID"],
                    "secret": oidc_provider["OIDC_CLIENT_SECRET"],
                    "settings": {"server_url": oidc_provider["url"]},
                }
            ]
        },
    }
    from django.core.cache import cache

    cache.clear()
    load_content()
    moderator = UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True)
    moderator.groups.add(moderators_group)
    return moderator


def write_comment(page, text):
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill(text)
    page.wait_for_timeout(1100)
    form.get_by_role("button", name="Post comment").click()


def test_a_reader_signs_in_with_openid_connect_and_comments_without_the_email_step(
    blog, live_server, oidc_provider, page, mailoutbox
):
    page.goto(live_server.url + POST_URL + "#respond")
    respond = page.locator("#respond")
    respond.get_by_role("button", name=PROVIDER_NAME).click()

    # At the provider: its own login page, then its consent screen.
    page.wait_for_url(re.compile(re.escape(oidc_provider["url"]) + r"/accounts/login/"))
    page.locator("#id_login").fill("kim")
    page.locator("#id_password").fill("kim-at-the-idp-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(oidc_provider["url"]) + r"/identity/o/authorize"))
    page.get_by_role("button", name="Authorize").click()

    # Back on the post, at the comment form, as themselves.
    page.wait_for_url(re.compile(re.escape(live_server.url + POST_URL)))
    who = page.locator(".comment-form__who")
    expect(who).to_contain_text(f"You are commenting using your {PROVIDER_NAME} account")
    expect(who).to_contain_text("Kim Osei")
    expect(page.get_by_label(re.compile("Your email for replies"))).to_have_count(0)
    page.locator("#respond").screenshot(path=str(SCREENSHOTS / "oidc-comment-form-logged-in.png"))

    write_comment(page, "Thank you for the leg swings: my runs start much smoother now.")
    expect(page.get_by_role("heading", name=re.compile("awaiting approval"))).to_be_visible()
    first = Comment.objects.get(comment__startswith="Thank you for the leg swings")
    assert first.state == "pending" and first.user.email == "kim.osei@example.org"
    assert first.user_email == "kim.osei@example.org" and first.user_name == "Kim Osei"
    assert not [m for m in mailoutbox if m.to == ["kim.osei@example.org"]]  # no email step

    comment_approve(comment=first, moderator=blog)
    page.goto(live_server.url + POST_URL + "#respond")
    expect(page.locator(f"#c{first.pk}")).to_contain_text("leg swings")
    write_comment(page, "And a second thought: pigeon pose helps after long drives.")
    second = Comment.objects.get(comment__startswith="And a second thought")
    assert second.state == "approved"
    page.wait_for_url(re.compile(rf"{POST_URL}#c{second.pk}$"))
    expect(page.locator(f"#c{second.pk}")).to_contain_text("pigeon pose")
    page.locator(f"#c{second.pk}").screenshot(path=str(SCREENSHOTS / "oidc-second-comment.png"))
