"""The clinic's admin site: staff sign in through allauth (its rate limits and second factor),
the dashboard shows each role its own panels, and uploaded media are cached for a year."""

import datetime
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from tests.conftest import role_group
from tests.factories import PostFactory, UserFactory, make_image

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-123"


@pytest.fixture
def queue_moderator(db):
    user = UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True)
    user.groups.add(role_group("Moderators"))
    return user


def sign_in(client, username, password=PASSWORD, next_url="/admin/"):
    return client.post(f"/accounts/login/?next={next_url}", {"login": username, "password": password})


def test_the_admin_login_is_allauth_s_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    # Django's own password form is not reachable: a POST there is sent to allauth too.
    post = client.post("/admin/login/", {"username": "clinician", "password": PASSWORD})
    assert post.status_code == 302 and post["Location"].startswith("/accounts/login/")


def test_staff_sign_in_and_land_on_the_dashboard(client, clinician):
    response = sign_in(client, "clinician")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_reader_who_signs_in_is_refused_the_admin(client, user):
    sign_in(client, "reader", next_url="/")
    assert client.get("/admin/login/").status_code == 403


def test_failed_logins_are_rate_limited_for_the_admin_too(client, clinician):
    for _ in range(5):
        assert sign_in(client, "clinician", password="wrong-guess").status_code == 200
    response = sign_in(client, "clinician")  # the right password, too late
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_with_two_factor_on_the_password_alone_does_not_open_the_admin(client, clinician):
    secret = generate_totp_secret()
    TOTP.activate(clinician, secret)
    response = sign_in(client, "clinician")
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302, "not signed in yet"
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    dashboard = client.get("/admin/").content.decode()
    assert 'id="two-factor-nudge"' not in dashboard


def test_the_dashboard_nudges_staff_without_two_factor_until_they_turn_it_on(client, clinician):
    sign_in(client, "clinician")
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    nudge = page.select_one("#two-factor-nudge")
    assert nudge is not None and nudge.select_one("a")["href"] == "/accounts/2fa/"
    # allauth asks for the password again before a second factor is set up.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert clinician.authenticator_set.filter(type="totp").exists()
    assert clinician.authenticator_set.filter(type="recovery_codes").exists()
    assert 'id="two-factor-nudge"' not in client.get("/admin/").content.decode()


def test_the_author_s_dashboard(client_as, clinician, django_assert_max_num_queries):
    PostFactory(author=clinician, title="My draft", status="draft", published_at=None)
    PostFactory(author=UserFactory(is_staff=True), title="Someone else's draft", status="draft", published_at=None)
    PostFactory(author=clinician, title="Next week", published_at=timezone.now() + datetime.timedelta(days=7))
    PostFactory(author=clinician, title="Out now")
    staff = client_as(clinician)
    staff.get("/admin/")
    with django_assert_max_num_queries(17):
        response = staff.get("/admin/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".dashboard-actions").find("a", string="Write a post")["href"] == "/admin/posts/post/add/"
    writing = soup.select_one("#writing-summary")
    lists = {h3.get_text(): [a.get_text() for a in h3.find_next("ul").select("a")] for h3 in writing.select("h3")}
    assert lists["Your drafts"] == ["My draft"]
    assert lists["Scheduled"] == ["Next week"]
    assert lists["Latest published"] == ["Out now"]
    assert writing.find("time")  # the scheduled date is shown
    queue = soup.select_one("#comment-queue")
    assert queue.select_one("a")["href"] == "/admin/comments/pendingcomment/"


def test_the_moderator_s_dashboard_has_the_queue_and_no_writing(client_as, queue_moderator):
    soup = BeautifulSoup(client_as(queue_moderator).get("/admin/").content, "html.parser")
    assert soup.select_one("#comment-queue") is not None
    assert soup.select_one("#writing-summary") is None
    assert soup.select_one(".dashboard-actions").find("a", string="Write a post") is None


def test_moderators_cannot_open_the_review_overdue_page(client_as, queue_moderator, clinician):
    assert client_as(queue_moderator).get("/admin/posts/post/review-overdue/").status_code == 403
    assert client_as(clinician).get("/admin/posts/post/review-overdue/").status_code == 200


@pytest.mark.parametrize("url", ["/admin/posts/post/", "/admin/posts/image/", "/admin/posts/post/add/"])
def test_moderators_cannot_open_content(client_as, queue_moderator, url):
    assert client_as(queue_moderator).get(url).status_code == 403


def test_the_library_s_files_are_served_with_a_year_of_caching(media_root, client):
    image = make_image()
    response = client.get(image.url)
    assert response.status_code == 200
    assert "max-age=31536000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]


def test_other_uploads_get_a_short_cache(media_root, client):
    from django.core.files.storage import default_storage

    name = default_storage.save("avatars/someone.png", ContentFile(b"not really a png"))
    assert "max-age=3600" in Client().get(f"/media/{name}")["Cache-Control"]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
