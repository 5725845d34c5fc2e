"""Each provider's OAuth round trip, with its HTTP answers mocked (see conftest): X, Facebook,
Google, OpenID Connect and WordPress.com — new reader, returning reader, an address that
belongs to an account here, a provider error, cancelled consent and a forged state."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import ReaderAvatar
from tests.comments.social import (
    OIDC_PROVIDER_ID,
    OIDC_SERVER,
    PROVIDERS,
    Person,
    callback_url,
    mocked_http,
    oidc_discovery,
    response,
    social_login,
    start,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
ALL = sorted(PROVIDERS)
WITH_EMAIL = [p for p in ALL if PROVIDERS[p]["gives_email"]]
VERIFYING = [p for p in WITH_EMAIL if PROVIDERS[p]["marks_verified"]]
NOT_VERIFYING = [p for p in WITH_EMAIL if not PROVIDERS[p]["marks_verified"]]


def account_provider(provider_id):
    """What SocialAccount.provider holds: an OpenID Connect app's own id, else the provider's."""
    return OIDC_PROVIDER_ID if provider_id == "openid_connect" else provider_id


def person(provider_id, **overrides):
    values = {
        "uid": "40871235",
        "name": "Jo Runner",
        "email": "jo.runner@example.org" if PROVIDERS[provider_id]["gives_email"] else "",
        "picture": f"https://pictures.{provider_id.replace('_', '-')}.example/jo-runner.jpg",
    }
    values.update(overrides)
    return Person(**values)


def finish_email_step(client, email="jo.runner@example.org"):
    """X gives no email: the one-time step asks for one."""
    page = client.get(reverse("socialaccount_signup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your email for replies" in html and "never show it" in html
    assert 'name="username"' not in html  # only the address is asked for
    return client.post(reverse("socialaccount_signup"), {"email": email})


@pytest.mark.parametrize("provider_id", ALL)
def test_a_new_reader_logs_in_and_comes_back_to_the_post_as_themselves(
    client, post, providers_on, picture_downloads, mailoutbox, provider_id
):
    back = post.get_absolute_url() + "#respond"
    who = person(provider_id)
    trip = social_login(client, provider_id, who, next_url=back)
    answered = trip.response
    if not PROVIDERS[provider_id]["gives_email"]:
        assert answered.status_code == 302 and answered["Location"] == reverse("socialaccount_signup")
        answered = finish_email_step(client)
    assert answered.status_code == 302 and answered["Location"] == back

    reader = User.objects.get(socialaccount__provider=account_provider(provider_id))
    assert (reader.first_name, reader.last_name) == ("Jo", "Runner")
    assert not reader.has_usable_password()
    address = EmailAddress.objects.get(user=reader)
    assert address.email == "jo.runner@example.org"
    assert address.verified is (provider_id in VERIFYING)
    # The picture was copied to our storage at login; the page never points at the provider.
    assert picture_downloads == [who.picture]
    avatar = ReaderAvatar.objects.get(user=reader)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f"You are commenting using your {PROVIDERS[provider_id]['name']} account" in page
    assert "<strong>Jo Runner</strong>" in page and avatar.image.url in page
    assert "pictures." not in page


@pytest.mark.parametrize("provider_id", ALL)
def test_a_returning_reader_is_the_same_account(client, post, providers_on, picture_downloads, provider_id):
    who = person(provider_id)
    first = social_login(client, provider_id, who)
    if not PROVIDERS[provider_id]["gives_email"]:
        finish_email_step(client)
    reader = User.objects.get(socialaccount__provider=account_provider(provider_id))
    client.post(reverse("account_logout"))
    again = social_login(client, provider_id, who, next_url=post.get_absolute_url())
    assert first.response.status_code == 302
    assert again.response.status_code == 302 and again.response["Location"] == post.get_absolute_url()
    assert User.objects.count() == 2  # the reader and the post's author
    assert SocialAccount.objects.get(provider=account_provider(provider_id)).user == reader
    assert int(client.session["_auth_user_id"]) == reader.pk


@pytest.mark.parametrize("provider_id", VERIFYING)
@pytest.mark.parametrize("local_verified", [True, False], ids=["local-verified", "local-unverified"])
def test_an_address_the_provider_verified_logs_into_the_account_here_and_connects_it(
    client, post, providers_on, picture_downloads, provider_id, local_verified
):
    local = UserFactory(username="jo", email="jo.runner@example.org")
    EmailAddress.objects.create(user=local, email=local.email, verified=local_verified, primary=True)
    trip = social_login(client, provider_id, person(provider_id), next_url=post.get_absolute_url())
    assert trip.response.status_code == 302 and trip.response["Location"] == post.get_absolute_url()
    assert int(client.session["_auth_user_id"]) == local.pk
    assert SocialAccount.objects.get(provider=account_provider(provider_id)).user == local
    local.refresh_from_db()
    # allauth's guard: whoever registered an unproven address here loses the password to it.
    assert local.has_usable_password() is local_verified


@pytest.mark.parametrize("provider_id", NOT_VERIFYING + ["google", "openid_connect", "wordpress_com"])
@pytest.mark.parametrize("local_verified", [True, False], ids=["local-verified", "local-unverified"])
def test_an_address_the_provider_did_not_verify_never_joins_an_account_here(
    client, post, providers_on, picture_downloads, provider_id, local_verified
):
    local = UserFactory(username="jo", email="jo.runner@example.org")
    EmailAddress.objects.create(user=local, email=local.email, verified=local_verified, primary=True)
    trip = social_login(client, provider_id, person(provider_id, email_verified=False))
    html = trip.response.content.decode()
    assert trip.response.status_code == 409
    assert "You already have an account here" in html and "log in to it first" in html
    assert f"connect {PROVIDERS[provider_id]['name']}" in html
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists() and User.objects.count() == 2
    local.refresh_from_db()
    assert local.has_usable_password()


@pytest.mark.parametrize("provider_id", ALL)
def test_a_refused_consent_leads_to_a_clear_page(client, providers_on, provider_id):
    authorize = start(client, provider_id)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    with mocked_http():  # nothing is asked of the provider after it said no
        answered = client.get(callback_url(provider_id), {"error": "access_denied", "state": state}, follow=True)
    html = answered.content.decode()
    assert answered.status_code == 200 and "Login cancelled" in html
    assert "comment with your name and email instead" in html and 'lang="en-GB"' in html
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("provider_id", ALL)
def test_a_provider_error_is_a_clear_page_not_a_500(client, providers_on, provider_id):
    authorize = start(client, provider_id)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    with mocked_http():
        answered = client.get(callback_url(provider_id), {"error": "server_error", "state": state})
    assert answered.status_code == 401
    assert "Logging in did not work" in answered.content.decode()


@pytest.mark.parametrize("provider_id", ALL)
def test_a_failing_token_endpoint_is_a_clear_page_not_a_500(client, providers_on, provider_id):
    failing = [response(503, "<html>Service Unavailable</html>", content_type="text/html")]
    if provider_id == "openid_connect":
        failing = [oidc_discovery(), *failing]
    trip = social_login(client, provider_id, person(provider_id), answers=failing)
    assert trip.response.status_code == 401
    assert "Logging in did not work" in trip.response.content.decode()
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("provider_id", ALL)
def test_a_forged_state_is_refused_before_any_request_to_the_provider(client, providers_on, provider_id):
    start(client, provider_id)
    trip = social_login(
        client, provider_id, person(provider_id), callback={"code": "stolen", "state": "forged-state"}, answers=[]
    )
    assert trip.response.status_code == 401 and trip.http.calls == []
    assert "Logging in did not work" in trip.response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_provider_names_in_the_comment_form_and_the_log_out_and_change_buttons_come_back(
    client, post, providers_on, picture_downloads
):
    social_login(client, "wordpress_com", person("wordpress_com"))
    page = client.get(post.get_absolute_url()).content.decode()
    assert "You are commenting using your WordPress.com account" in page
    back = post.get_absolute_url() + "#respond"
    assert f'<input type="hidden" name="next" value="{back}">' in page
    left = client.post(reverse("account_logout"), {"next": back})
    assert left.status_code == 302 and left["Location"] == back
    assert "_auth_user_id" not in client.session


def test_a_password_login_afterwards_forgets_the_provider(client, post, providers_on, picture_downloads):
    social_login(client, "google", person("google"))
    reader = User.objects.get(socialaccount__provider="google")
    reader.set_password("a-long-enough-password-9")
    reader.save()
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": reader.username, "password": "a-long-enough-password-9"})
    page = client.get(post.get_absolute_url()).content.decode()
    assert "You are commenting as <strong>Jo Runner</strong>" in page
    assert "using your Google account" not in page


def test_the_oidc_button_carries_the_operators_name_and_its_discovery_is_read(client, providers_on):
    authorize = start(client, "openid_connect")
    assert authorize.startswith(f"{OIDC_SERVER}/authorize?")
