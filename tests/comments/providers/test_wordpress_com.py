"""The WordPress.com provider (comments/providers/wordpress_com) against WordPress.com's real
answer shapes: the authorize redirect, the token exchange, /rest/v1.1/me, and its errors."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from tests.comments.social import Person, response, social_login, start, wordpress_me

pytestmark = pytest.mark.django_db

JO = Person(
    uid="40871235", name="Jo Runner", email="jo.runner@example.org", picture="https://0.gravatar.com/avatar/ab12"
)


def test_the_button_sends_the_reader_to_wordpress_coms_authorize_endpoint_asking_only_for_auth(client, providers_on):
    authorize = urlsplit(start(client, "wordpress_com"))
    params = {key: values[0] for key, values in parse_qs(authorize.query).items()}
    assert (authorize.scheme, authorize.netloc, authorize.path) == (
        "https",
        "public-api.wordpress.com",
        "/oauth2/authorize",
    )
    assert params["client_id"] == "12345" and params["response_type"] == "code" and params["scope"] == "auth"
    assert params["redirect_uri"] == "http://testserver" + reverse("wordpress_com_callback")
    assert params["redirect_uri"].endswith("/accounts/wordpress_com/login/callback/")
    assert params["state"]


def test_the_code_is_exchanged_and_me_is_read_with_the_token_as_a_bearer(client, providers_on, picture_downloads):
    trip = social_login(client, "wordpress_com", JO)
    (token_method, token_url, token_kwargs), (me_method, me_url, me_kwargs) = trip.http.calls
    assert (token_method, token_url) == ("POST", "https://public-api.wordpress.com/oauth2/token")
    sent = token_kwargs["data"]
    assert sent["grant_type"] == "authorization_code" and sent["code"] == "the-code"
    assert sent["client_id"] == "12345" and sent["client_secret"] == "wp-secret"
    assert sent["redirect_uri"].endswith("/accounts/wordpress_com/login/callback/")
    assert (me_method, me_url) == ("GET", "https://public-api.wordpress.com/rest/v1.1/me")
    assert me_kwargs["headers"]["Authorization"] == "Bearer wp-access"


def test_me_becomes_the_readers_account(client, providers_on, picture_downloads):
    social_login(client, "wordpress_com", JO)
    account = SocialAccount.objects.get(provider="wordpress_com")
    assert account.uid == "40871235"
    provider_account = account.get_provider_account()
    assert provider_account.to_str() == "Jo Runner"
    assert provider_account.get_avatar_url() == "https://0.gravatar.com/avatar/ab12"
    assert provider_account.get_profile_url() == "https://gravatar.com/jorunner"
    assert account.get_provider().name == "WordPress.com"
    user = account.user
    assert (user.first_name, user.last_name, user.email) == ("Jo", "Runner", "jo.runner@example.org")
    assert EmailAddress.objects.get(user=user).verified  # /me says email_verified: true
    assert picture_downloads == ["https://0.gravatar.com/avatar/ab12"]


def test_an_address_wordpress_com_has_not_verified_stays_unverified(client, providers_on, picture_downloads):
    social_login(
        client, "wordpress_com", Person(uid="77", name="Sam Lee", email="sam@example.org", email_verified=False)
    )
    assert not EmailAddress.objects.get(email="sam@example.org").verified


@pytest.mark.parametrize(
    ("answers", "why"),
    [
        (
            [response(400, {"error": "invalid_grant", "error_description": "Invalid authorization code."})],
            "the code was refused",
        ),
        (
            [
                response(200, {"access_token": "wp-access", "token_type": "bearer", "blog_id": "0", "scope": "auth"}),
                response(403, {"error": "authorization_required", "message": "An active access token must be used."}),
            ],
            "/me refused the token",
        ),
        (
            [
                response(200, {"access_token": "wp-access", "token_type": "bearer", "blog_id": "0", "scope": "auth"}),
                response(200, {"meta": {"links": {}}}),
            ],
            "/me without an ID",
        ),
        (
            [
                response(200, {"access_token": "wp-access", "token_type": "bearer", "blog_id": "0", "scope": "auth"}),
                response(200, "<html>maintenance</html>", content_type="text/html"),
            ],
            "/me not JSON",
        ),
    ],
    ids=["invalid-grant", "me-403", "me-without-id", "me-not-json"],
)
def test_wordpress_com_errors_end_on_a_clear_page(client, providers_on, answers, why):
    trip = social_login(client, "wordpress_com", JO, answers=answers)
    assert trip.response.status_code == 401, why
    assert "Logging in did not work" in trip.response.content.decode()
    assert not SocialAccount.objects.exists()


def test_the_shape_of_me_has_what_the_provider_reads():
    me = wordpress_me(JO)
    assert {"ID", "display_name", "username", "email", "email_verified", "avatar_URL", "profile_URL"} <= me.keys()
