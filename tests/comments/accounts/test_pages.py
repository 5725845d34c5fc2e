"""allauth's pages in the site's layout, with mandatory verification, rate limits, the provider
buttons only for switched-on providers, and no open redirects."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.urls import reverse

from tests.comments.social import mocked_http, social_login, start
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example/phish"


def confirmation_link(mailoutbox, address):
    message = next(m for m in reversed(mailoutbox) if m.to == [address])
    return re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/login/", "Log in"),
        ("/accounts/signup/", "Create an account"),
        ("/accounts/password/reset/", "Password Reset"),
    ],
)
def test_account_pages_are_in_the_sites_own_layout(client, url, heading):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB">' in html and 'class="site-header"' in html and 'class="site-footer"' in html
    assert re.search(rf"<h1>\s*{heading}\s*</h1>", html) and '<meta name="robots" content="noindex">' in html
    assert "/static/css/site.css" in html


def test_every_field_has_a_visible_label(client):
    html = client.get("/accounts/signup/").content.decode()
    for field_id in ("id_email", "id_username", "id_password1", "id_password2", "id_name"):
        assert f'<label for="{field_id}">' in html


def test_a_wrong_password_is_a_clear_error_on_the_same_page(client, user):
    response = client.post("/accounts/login/", {"login": user.username, "password": "not-it"})
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "not correct" in html
    assert "_auth_user_id" not in client.session


def test_an_address_too_long_to_store_is_refused_not_cut_short(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "a" * 300 + "@example.org",
            "username": "long",
            "password1": "iliopsoas-and-friends-7",
            "password2": "iliopsoas-and-friends-7",
        },
    )
    assert response.status_code == 200 and "at most 254 characters" in response.content.decode()
    assert not EmailAddress.objects.exists()


def test_signup_errors_come_back_on_the_form(client, user):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "not an address",
            "username": user.username,
            "password1": "short",
            "password2": "other",
            "name": "<script>alert(1)</script>",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('aria-invalid="true"') >= 3
    assert "Please use letters, not HTML, in your name." in html
    assert "<script>alert(1)</script>" not in html
    assert not EmailAddress.objects.filter(email="not an address").exists()


def test_a_local_account_logs_in_only_after_confirming_its_address(client, post, mailoutbox):
    signed_up = client.post(
        "/accounts/signup/?next=" + post.get_absolute_url(),
        {
            "email": "lena@example.org",
            "username": "lena",
            "password1": "iliopsoas-and-friends-7",
            "password2": "iliopsoas-and-friends-7",
            "name": "Lena Fischer",
            "next": post.get_absolute_url(),
        },
    )
    assert signed_up.status_code == 302 and signed_up["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert "Verify Your Email Address" in client.get(signed_up["Location"]).content.decode()

    # Trying to log in before confirming sends another link, and does not log in.
    other = type(client)()
    other.post("/accounts/login/", {"login": "lena", "password": "iliopsoas-and-friends-7"})
    assert "_auth_user_id" not in other.session

    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[0].body).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    assert not EmailAddress.objects.get(email="lena@example.org").verified  # a GET (a mail scanner) does nothing
    confirmed = client.post(link)
    assert EmailAddress.objects.get(email="lena@example.org").verified
    # Logged in (same browser as the sign-up) and back where the reader started.
    assert confirmed.status_code == 302 and confirmed["Location"] == post.get_absolute_url()
    assert client.session.get("_auth_user_id")
    form = client.get(post.get_absolute_url()).content.decode()
    assert "You are commenting as <strong>Lena Fischer</strong>" in form


def test_failed_logins_for_one_account_are_limited_even_with_the_right_password_afterwards(client, user):
    for n in range(5):
        assert client.post("/accounts/login/", {"login": user.username, "password": f"wrong-{n}"}).status_code == 200
    blocked = client.post("/accounts/login/", {"login": user.username, "password": "pass-for-tests-123"})
    assert blocked.status_code == 200 and "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_logins_from_one_address_are_rate_limited_with_a_clear_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    statuses = [
        client.post("/accounts/login/", {"login": f"someone{n}", "password": "x"}).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    page = client.post("/accounts/login/", {"login": "someone", "password": "x"})
    assert page.status_code == 429 and "Please slow down" in page.content.decode()


def test_password_reset_requests_are_rate_limited(client, user):
    statuses = [client.post("/accounts/password/reset/", {"email": user.email}).status_code for _ in range(7)]
    assert 429 in statuses


def test_signups_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = [
        client.post("/accounts/signup/", {"email": f"s{n}@example.org", "username": f"s{n}"}).status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429


def test_the_rate_limits_count_the_real_client_behind_a_trusted_proxy(rf, settings):
    from comments.adapters import AccountAdapter

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.9")
    assert AccountAdapter(request).get_client_ip(request) == "198.51.100.7"


def test_favicon_ico_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/static/img/favicon.svg")


def test_the_header_offers_log_in_and_then_the_readers_account(client, client_as, user, post):
    anonymous = client.get(post.get_absolute_url()).content.decode()
    assert f'<a href="/accounts/login/?next={post.get_absolute_url()}">Log in</a>' in anonymous
    logged_in = client_as(user).get(post.get_absolute_url()).content.decode()
    assert '<a href="/comments/mine/">Your account</a>' in logged_in


# --- Only the providers the operator switched on have buttons --------------------------------


def test_without_keys_there_are_no_provider_buttons(client, post):
    assert "social-button" not in client.get("/accounts/login/").content.decode()
    assert "social-button" not in client.get(post.get_absolute_url()).content.decode()


def test_each_switched_on_provider_has_a_button_named_for_it(client, post, providers_on):
    login = client.get("/accounts/login/").content.decode()
    form = client.get(post.get_absolute_url()).content.decode()
    for name, icon in [
        ("X", "x.svg"),
        ("Facebook", "facebook.svg"),
        ("Google", "google.svg"),
        ("WordPress.com", "wordpress-com.svg"),
        ("Clinic partner login", "openid.svg"),
    ]:
        assert f'<img src="/static/img/providers/{icon}" alt="" width="24" height="24"><span>{name}</span>' in login
        assert f'<span class="visually-hidden">{name}</span>' in form and f"/static/img/providers/{icon}" in form
    # Every button posts to our own site; nothing points at a provider before the reader clicks.
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", form.split('id="respond"')[1].split("</form>")[0])


def test_a_social_app_made_in_the_admin_adds_its_button(client, post):
    assert "Google" not in client.get(post.get_absolute_url()).content.decode().split('id="respond"')[1]
    app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="secret")
    app.sites.add(Site.objects.get_current())
    page = client.get(post.get_absolute_url()).content.decode().split('id="respond"')[1]
    assert '<span class="visually-hidden">Google</span>' in page


def test_the_provider_list_costs_no_query_once_known(client, post, providers_on, django_assert_max_num_queries):
    from comments.accounts.providers import enabled_providers

    request = type("R", (), {"build_absolute_uri": lambda self, url: url})()
    first = enabled_providers(request)
    with django_assert_max_num_queries(0):
        assert enabled_providers(request) == first
    cache.clear()


# --- Open redirects: an off-site next= is ignored ---------------------------------------------


def test_login_ignores_an_off_site_next(client, user):
    response = client.post(f"/accounts/login/?next={EVIL}", {"login": user.username, "password": "pass-for-tests-123"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_logout_ignores_an_off_site_next(client_as, user):
    response = client_as(user).post("/accounts/logout/", {"next": EVIL})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_signup_ignores_an_off_site_next(client, mailoutbox):
    signed_up = client.post(
        f"/accounts/signup/?next={EVIL}",
        {
            "email": "nia@example.org",
            "username": "nia",
            "password1": "iliopsoas-and-friends-7",
            "password2": "iliopsoas-and-friends-7",
            "next": EVIL,
        },
    )
    assert signed_up.status_code == 302 and "evil.example" not in signed_up["Location"]
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[0].body).group(1)
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and "evil.example" not in confirmed["Location"]


def test_social_login_ignores_an_off_site_next(client, providers_on, picture_downloads):
    from tests.comments.social import Person

    trip = social_login(client, "google", Person(uid="1", name="Jo Runner", email="jo@example.org"), next_url=EVIL)
    assert trip.response.status_code == 302 and "evil.example" not in trip.response["Location"]


def test_the_login_page_for_a_provider_asks_before_leaving(client, providers_on):
    """A GET (a link, a prefetch) never starts a login: allauth shows a page with a button."""
    with mocked_http():
        page = client.get(reverse("google_login"))
    assert page.status_code == 200 and "Continue to Google" in page.content.decode()
    assert start(client, "google").startswith("https://accounts.google.com/")


def test_social_accounts_are_listed_in_the_admin(client_as, operator, providers_on, picture_downloads, client):
    from tests.comments.social import Person

    social_login(client, "wordpress_com", Person(uid="9", name="Ana Sousa", email="ana@example.org"))
    page = client_as(operator).get("/admin/socialaccount/socialaccount/")
    assert page.status_code == 200
    assert "WordPress.com" in page.content.decode() or "wordpress_com" in page.content.decode()


def test_a_staff_account_made_by_an_administrator_comments_with_its_address(client_as, moderator, post):
    """Staff addresses are vouched for by whoever made the account (no EmailAddress row needed)."""
    page = client_as(moderator).get(post.get_absolute_url()).content.decode()
    assert "Your email for replies" not in page


def test_demo_reader_has_a_verified_address(db, settings):
    from posts.demo import ensure_demo_accounts, load_content

    settings.DEBUG = True
    accounts = ensure_demo_accounts()
    load_content(clinician=accounts["clinician"])
    assert EmailAddress.objects.get(user=accounts["reader"]).verified
    assert UserFactory._meta.model.objects.get(username="reader").check_password("reader-demo-2026")


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_posting_a_comment_ignores_an_off_site_next(client, client_as, user, post, comment_form, who):
    sender = client if who == "anonymous" else client_as(user)
    response = sender.post("/comments/post/", comment_form(post, next=EVIL))
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_the_provider_email_step_refuses_bad_input_clearly(client, providers_on, picture_downloads):
    from tests.comments.social import Person

    social_login(client, "twitter_oauth2", Person(uid="5", name="Jo Runner"))
    for email in ("not-an-address", "", "<script>@example.org", "a" * 300 + "@example.org"):
        response = client.post(reverse("socialaccount_signup"), {"email": email})
        html = response.content.decode()
        assert response.status_code == 200 and 'aria-invalid="true"' in html
        assert "<script>@" not in html
    assert not EmailAddress.objects.exists()
